// The MIT profiles of a lab: one kdc.conf per realm (KRB5_KDC_PROFILE), the KDCs' own krb5.conf, and
// the client krb5.conf a lab user's processes get through KRB5_CONFIG. Pure text rendering.
import { CLOUD_REALM, ONPREM_REALM } from './lab-types';

/** Quotes a profile value (MIT's profile parser understands "..." with backslash escapes). */
export function profileValue(s: string): string {
  if (/^[A-Za-z0-9_.:/@+,=-]+$/.test(s)) return s;
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface KdcProfileOptions {
  realm: string;
  port: number;
  databasePath: string;
  stashPath: string;
  logPath: string;
  /** Keys made for new principals unless a command names its own. */
  supportedEnctypes: string;
}

export function renderKdcConf(options: KdcProfileOptions): string {
  return [
    '[kdcdefaults]',
    // Loopback only, one port for UDP and TCP: the lab never listens beyond this machine.
    ` kdc_listen = 127.0.0.1:${options.port}`,
    ` kdc_tcp_listen = 127.0.0.1:${options.port}`,
    '',
    '[realms]',
    ` ${options.realm} = {`,
    `  database_name = ${profileValue(options.databasePath)}`,
    `  key_stash_file = ${profileValue(options.stashPath)}`,
    '  max_life = 10h',
    '  max_renewable_life = 7d',
    `  supported_enctypes = ${options.supportedEnctypes}`,
    // Preauthentication is what Windows DCs require of users; keep the lab honest.
    '  default_principal_flags = +preauth',
    ' }',
    '',
    '[logging]',
    ` kdc = ${profileValue(`FILE:${options.logPath}`)}`,
    '',
  ].join('\n');
}

/** The KDCs' krb5.conf: no enctype limits of the client's leak into the KDCs. */
export function renderKdcKrb5Conf(): string {
  return ['[libdefaults]', ' dns_lookup_kdc = false', ' dns_lookup_realm = false', ''].join('\n');
}

export interface ClientProfileOptions {
  defaultRealm: string;
  onpremKdc: string;
  /** `127.0.0.1:PORT`, or an MS-KKDCP URL `https://localhost:PORT/KdcProxy`. */
  cloudKdc: string;
  /** Trust anchors for an https KDC URL (the lab CA). */
  httpAnchorsFile?: string;
  permittedEnctypes?: string;
}

export function renderClientKrb5Conf(options: ClientProfileOptions): string {
  const lines = [
    '[libdefaults]',
    ` default_realm = ${options.defaultRealm}`,
    // The lab's names exist in no DNS: every KDC and realm mapping comes from this file.
    ' dns_lookup_kdc = false',
    ' dns_lookup_realm = false',
    // Windows builds the SPN from the name the user typed; never from reverse DNS or a CNAME.
    ' rdns = false',
    ' dns_canonicalize_hostname = false',
    // TCP first, as Windows does for tickets with a PAC and as MS-KKDCP is: a blackholed KDC then
    // shows as a connection that never answers rather than lost datagrams.
    ' udp_preference_limit = 1',
    ' ticket_lifetime = 10h',
    ' forwardable = true',
  ];
  if (options.permittedEnctypes) {
    lines.push(` permitted_enctypes = ${options.permittedEnctypes}`);
    lines.push(` default_tgs_enctypes = ${options.permittedEnctypes}`);
    lines.push(` default_tkt_enctypes = ${options.permittedEnctypes}`);
  }
  lines.push(
    '',
    '[realms]',
    ` ${ONPREM_REALM} = {`,
    `  kdc = ${options.onpremKdc}`,
    ' }',
    ` ${CLOUD_REALM} = {`,
    `  kdc = ${options.cloudKdc}`,
  );
  if (options.httpAnchorsFile) lines.push(`  http_anchors = ${profileValue(`FILE:${options.httpAnchorsFile}`)}`);
  lines.push(
    ' }',
    '',
    '[domain_realm]',
    ` .database.windows.net = ${CLOUD_REALM}`,
    ` .contoso.test = ${ONPREM_REALM}`,
    '',
    // The trust is direct (no intermediate realm): without this MIT would walk a hierarchical path
    // through TEST and COM first.
    '[capaths]',
    ` ${ONPREM_REALM} = {`,
    `  ${CLOUD_REALM} = .`,
    ' }',
    '',
  );
  return lines.join('\n');
}
