// The catalogue's advice is written for any instance (`klist get MSSQLSvc/<fqdn>:<port>`); a report knows
// the real names. This fills in the placeholders the report can answer — the instance's name, DNS zone,
// FQDN, port and SPN, the user's AD domain — and leaves the rest (<tenant id>, <admin upn>…) as they are.
import { AZURE_SQL_SUFFIXES, CLOUD_REALM } from '../../../electron/contract/azure';
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

/** `<instance>` and `<dns zone>` of a managed instance's FQDN (its VNet-local or public endpoint name). */
function instanceParts(server: string): { instance: string; zone: string; suffix: string } | null {
  const host = server.toLowerCase();
  const suffix = AZURE_SQL_SUFFIXES.find((s) => host.endsWith(s));
  if (!suffix) return null;
  const labels = host.slice(0, -suffix.length).split('.');
  const [instance, second, third] = labels;
  const zone = labels.length === 3 && second === 'public' ? third : labels.length === 2 ? second : undefined;
  return instance && zone ? { instance, zone, suffix: suffix.slice(1) } : null;
}

const INSTANCE = '<(?:instance|mi)>';
const ZONE = '<(?:dns zone|dnszone)>';

export function fillPlaceholders(text: string, names: KnownNames | null | undefined): string {
  if (!names) return text;
  // The SPN the catalogue spells out (`klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433`) is the one
  // the check asked for: the target's own, with its real port.
  let out = text.replace(new RegExp(`MSSQLSvc/${INSTANCE}\\.${ZONE}\\.database\\.windows\\.net:1433`, 'g'), names.spn);
  const parts = instanceParts(names.server);
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
