// Which realm Windows sends a host's service ticket request to: the host-to-realm mappings (ksetup
// /addhosttorealmmap stores them under HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\HostToRealm, one key
// per realm with a REG_MULTI_SZ `SpnMappings` of host names or `.suffix`es:
// https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/ksetup-addhosttorealmmap;
// the Group Policy "Define host name-to-Kerberos realm mappings" writes its own under the policy path below:
// https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#hosttorealm), and
// the Entra Kerberos top-level names dsregcmd prints (`KerbTopLevelNames : .windows.net,.windows.net:1433,
// .windows.net:3342,…`): a host (and port) they do not cover is not sent to KERBEROS.MICROSOFTONLINE.COM but
// to the user's own realm, whose KDC does not know the SPN
// (https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state).
// `reg query KEY /s` prints REG_MULTI_SZ data with literal `\0` between the strings.
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { parseRegQuery } from './reg-query';

export const HOST_TO_REALM_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm';
export const HOST_TO_REALM_POLICY_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\HostToRealm';

export interface HostRealmMapping {
  realm: string;
  /** Host names or `.suffix`es, as stored. */
  hosts: string[];
  /** The key the mapping was read from. */
  key: string;
}

/**
 * `reg query <HostToRealm key> /s` → one mapping per realm subkey (its SpnMappings), or per value under the policy
 * key.
 */
export function parseHostToRealm(text: string): HostRealmMapping[] {
  const out: HostRealmMapping[] = [];
  for (const value of parseRegQuery(text)) {
    const sub = /\\HostToRealm\\([^\\]+)$/i.exec(value.key)?.[1];
    const split = (d: string) =>
      d
        .split(/\\0|;|,/)
        .map((s) => s.trim())
        .filter(Boolean);
    if (sub && /^SpnMappings$/i.test(value.name) && (value.type === 'REG_MULTI_SZ' || value.type === 'REG_SZ'))
      out.push({ realm: sub.toUpperCase(), hosts: split(value.data), key: value.key });
    // The policy stores one value per realm: name = realm, data = the hosts.
    else if (
      !sub &&
      /\\HostToRealm$/i.test(value.key) &&
      (value.type === 'REG_SZ' || value.type === 'REG_MULTI_SZ') &&
      value.name &&
      !/^\(/.test(value.name)
    ) {
      out.push({ realm: value.name.toUpperCase(), hosts: split(value.data), key: value.key });
    }
  }
  return out;
}

const hostMatches = (entry: string, host: string): boolean => {
  const e = entry.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  return e.startsWith('.') ? h.endsWith(e) || h === e.slice(1) : h === e;
};

/** The realm a mapping sends the host to: an exact host entry wins over the longest suffix; null when none maps it. */
export function mappedRealm(
  host: string,
  mappings: readonly HostRealmMapping[],
): { realm: string; entry: string; key: string } | null {
  let best: { realm: string; entry: string; key: string } | null = null;
  for (const mapping of mappings) {
    for (const entry of mapping.hosts) {
      if (!hostMatches(entry, host)) continue;
      const exact = !entry.startsWith('.');
      const better =
        !best ||
        (exact && best.entry.startsWith('.')) ||
        (entry.startsWith('.') === best.entry.startsWith('.') && entry.length > best.entry.length);
      if (better) best = { realm: mapping.realm, entry, key: mapping.key };
    }
  }
  return best;
}

export interface TopLevelCoverage {
  /** The host is under one of the names (ignoring ports). */
  host: boolean;
  /** The host and this port are: an entry without a port, or with this port. */
  port: boolean;
  /** The entries that cover the host, as printed. */
  matching: string[];
}

/**
 * Whether KerbTopLevelNames covers `host:port`. dsregcmd lists each suffix bare and with the ports the
 * instance uses (`.windows.net`, `.windows.net:1433`, `.windows.net:3342`): the SPN carries the port, so a
 * suffix listed with ports covers only those ports; a suffix listed only bare covers every port.
 */
export function topLevelCoverage(names: readonly string[], host: string, port: number): TopLevelCoverage {
  const entries = names
    .map((n) => {
      const m = /^(.*?)(?::(\d{1,5}))?$/.exec(n.trim())!;
      return { raw: n.trim(), suffix: m[1]!, port: m[2] ? Number(m[2]) : null };
    })
    .filter((e) => e.suffix);
  const matching = entries.filter(
    (e) => hostMatches(e.suffix.startsWith('.') ? e.suffix : `.${e.suffix}`, host) || hostMatches(e.suffix, host),
  );
  const withPorts = matching.filter((e) => e.port !== null);
  const portOk = matching.length > 0 && (withPorts.length === 0 || withPorts.some((e) => e.port === port));
  return { host: matching.length > 0, port: portOk, matching: matching.map((e) => e.raw) };
}

/**
 * What the two HostToRealm keys hold, for redaction (engine/report/redact-tool-output.ts): ksetup's key has one
 * subkey per realm (its name is the realm) with SpnMappings, the hosts and `.suffix`es; the policy's key has one
 * value per realm (its name is the realm, its data the hosts).
 */
export const HOST_TO_REALM_FIELD_KINDS: readonly RegKeyFieldKinds[] = [
  { key: HOST_TO_REALM_KEY, subkey: 'realm', values: { spnmappings: 'hosts' } },
  { key: HOST_TO_REALM_POLICY_KEY, valueName: 'realm', values: { '*': 'hosts' } },
];
