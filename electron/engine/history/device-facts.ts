// The facts of this device a history line carries: host name, OS account, the site's subnet, OS build.
import { hostname, networkInterfaces, release, userInfo, type NetworkInterfaceInfo } from 'node:os';
import type { DeviceFacts } from './history-entry';

/** `10.1.2.37/22` → `10.1.2.0/24`; an IPv6 address → its /64. The site a device sits in, not the device. */
export function subnetOf(address: string, family: 'IPv4' | 'IPv6'): string {
  if (family === 'IPv4') return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = address.split('%')[0]!.split(':');
  const gap = groups.indexOf('');
  const full =
    gap < 0
      ? groups
      : [
          ...groups.slice(0, gap),
          ...Array(8 - groups.filter(Boolean).length).fill('0'),
          ...groups.slice(gap + 1).filter(Boolean),
        ];
  return `${full
    .slice(0, 4)
    .map((g) => g || '0')
    .join(':')}::/64`;
}

/** The first external interface's subnet (IPv4 preferred): where the device is, for "where does it start". */
export function siteSubnet(ifaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | null {
  const all = Object.values(ifaces)
    .flatMap((x) => x ?? [])
    .filter((i) => !i.internal);
  const v4 = all.find((i) => i.family === 'IPv4');
  if (v4) return subnetOf(v4.address, 'IPv4');
  const v6 = all.find((i) => i.family === 'IPv6' && !i.address.startsWith('fe80'));
  return v6 ? subnetOf(v6.address, 'IPv6') : null;
}

function account(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  } // no passwd entry (a container)
}

export function deviceFacts(): DeviceFacts {
  // os.release() is the build on Windows (10.0.22631), the kernel elsewhere.
  return { device: hostname(), account: account(), subnet: siteSubnet(), os: `${process.platform} ${release()}` };
}
