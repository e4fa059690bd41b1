// The catalogue's advice is written for any instance (`klist get MSSQLSvc/<fqdn>:<port>`); a report knows
// the real names. This fills in the placeholders the report can answer — the instance's name, DNS zone,
// FQDN, port and SPN, the user's AD domain — and leaves the rest (<tenant id>, <admin upn>…) as they are.
import { CLOUD_REALM, managedInstanceName } from '../../../electron/contract/azure';
import type { CheckReport } from '../../../electron/contract/report';

export interface KnownNames {
  server: string;
  port: number;
  spn: string;
  /** The user's on-premises realm (AD domain), when the user's realm is not Entra's. */
  adRealm: string | null;
}

export function knownNames(report: Pick<CheckReport, 'target' | 'chain'>): KnownNames {
  const realm = report.chain?.userRealm ?? null;
  return {
    server: report.target.server,
    port: report.target.port,
    spn: report.target.spn,
    adRealm: realm && realm.toUpperCase() !== CLOUD_REALM ? realm : null,
  };
}

const INSTANCE = '<(?:instance|mi)>';
const ZONE = '<(?:dns zone|dnszone)>';

export function fillPlaceholders(text: string, names: KnownNames | null | undefined): string {
  if (!names) return text;
  // The SPN the catalogue spells out (`klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433`) is the one
  // the check asked for: the target's own, with its real port.
  let out = text.replace(new RegExp(`MSSQLSvc/${INSTANCE}\\.${ZONE}\\.database\\.windows\\.net:1433`, 'g'), names.spn);
  const parts = managedInstanceName(names.server);
  if (parts) {
    out = out
      .replace(
        new RegExp(`${INSTANCE}\\.public\\.${ZONE}\\.database\\.windows\\.net`, 'g'),
        `${parts.instance}.public.${parts.zone}.${parts.suffix}`,
      )
      .replace(
        new RegExp(`${INSTANCE}\\.${ZONE}\\.database\\.windows\\.net`, 'g'),
        `${parts.instance}.${parts.zone}.${parts.suffix}`,
      )
      .replace(new RegExp(`"${INSTANCE} principal"`, 'g'), `"${parts.instance} principal"`);
  }
  out = out
    .replace(/MSSQLSvc\/<name>:<port>/g, `MSSQLSvc/${names.server}:${names.port}`)
    .replace(/<SPN>/g, names.spn)
    .replace(/<fqdn>/g, names.server)
    .replace(/<port>/g, String(names.port));
  if (names.adRealm) out = out.replace(/<AD DOMAIN>/g, names.adRealm).replace(/<domain>/g, names.adRealm.toLowerCase());
  return out;
}
