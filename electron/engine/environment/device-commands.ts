// Every Windows command the device checks read, by name: one list for the check (hops/device.ts,
// hops/proxy-path.ts) and for whatever captures the same outputs for a helpdesk (collect), so both read the same
// keys with the same arguments. Each output has its parser in this folder.
import { DEVICE_GUARD_POLICY_KEY, LSA_KEY } from './credential-guard';
import { KERBEROS_POLICY_KEY } from './kdc-proxy-settings';
import { PROXY_MGR_KEY } from './proxy-mgr';
import { HOST_TO_REALM_KEY, HOST_TO_REALM_POLICY_KEY } from './realm-mapping';
import { CURRENT_VERSION_KEY } from './windows-build';

export interface DeviceCommand {
  command: string;
  args: readonly string[];
  /** The parser of its output. */
  parser: string;
}

const cmd = (command: string, args: string[], parser: string): DeviceCommand => ({ command, args, parser });

export const DEVICE_COMMANDS = {
  build: cmd('reg', ['query', CURRENT_VERSION_KEY], 'parseWindowsBuild'),
  groups: cmd('whoami', ['/groups'], 'parseWhoamiGroups'),
  lsaCfgFlags: cmd('reg', ['query', LSA_KEY, '/v', 'LsaCfgFlags'], 'parseCredentialGuard (first text)'),
  deviceGuardPolicy: cmd(
    'reg',
    ['query', DEVICE_GUARD_POLICY_KEY, '/v', 'LsaCfgFlags'],
    'parseCredentialGuard (second text)',
  ),
  hostToRealm: cmd('reg', ['query', HOST_TO_REALM_KEY, '/s'], 'parseHostToRealm'),
  hostToRealmPolicy: cmd('reg', ['query', HOST_TO_REALM_POLICY_KEY, '/s'], 'parseHostToRealm'),
  winhttpProxy: cmd('netsh', ['winhttp', 'show', 'proxy'], 'parseWinHttpProxy'),
  proxyMgr: cmd('reg', ['query', PROXY_MGR_KEY, '/s'], 'parseProxyMgr'),
  kdcProxyEnabled: cmd('reg', ['query', KERBEROS_POLICY_KEY, '/v', 'KdcProxyServer_Enabled'], 'kdcProxySettings'),
  winHttpAutoProxySvc: cmd('sc', ['query', 'WinHttpAutoProxySvc'], 'parseScQuery'),
  iphlpsvc: cmd('sc', ['query', 'iphlpsvc'], 'parseScQuery'),
} as const satisfies Record<string, DeviceCommand>;
