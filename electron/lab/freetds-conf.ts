// freetds.conf for FreeTDS `tsql` against a lab: the native client logging in as the lab user (Kerberos
// from the lab's ccache, no user name or password) over TLS anchored on the lab CA. Used by the lab's
// tests and by the benchmark (the native tools doing the same hops as KerbProbe).
import type { LabInfo } from './lab-types';

/** The data source name the file defines: `tsql -S labmi`. */
export const FREETDS_DSN = 'labmi';

export interface FreetdsConfOptions {
  /**
   * false: tsql connects to 127.0.0.1 (the lab name does not resolve outside KerbProbe), so it checks the
   * chain, not the name — `check certificate hostname = no`. true: FreeTDS's default (the name is checked).
   */
  checkHostname: boolean;
}

export function freetdsConf(info: Pick<LabInfo, 'port' | 'spn' | 'caFile'>, opts: FreetdsConfOptions): string {
  return [
    `[${FREETDS_DSN}]`,
    '\thost = 127.0.0.1',
    `\tport = ${info.port}`,
    '\ttds version = 7.4',
    '\tencryption = require',
    `\tspn = ${info.spn}`,
    `\tca file = ${info.caFile}`,
    ...(opts.checkHostname ? [] : ['\tcheck certificate hostname = no']),
    '',
  ].join('\n');
}
