// Advice follows the service a failed `klist get` asked for. The catalogue's texts are written for the SQL managed
// instance (MSSQLSvc SPNs, port 1433, the "<mi> principal" app); a helpdesk also pastes `klist get cifs/<storage
// account>.file.core.windows.net` or `klist get HOST/<server>` failures (real pastes: test/fixtures/real/klist/).
// For those, the diagnosis keeps its code and evidence — what Windows' numbers say about Kerberos — and says the
// cause and next steps for that SPN without the managed-instance advice.
import type { Diagnosis } from '../../contract/report';
import { sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';

/** The SPNs failed `klist get` runs asked for, as the evidence names them. */
function askedTargets(evidence: readonly Evidence[]): string[] {
  return evidence.flatMap((e) =>
    (e.kind === 'klist-substatus' || e.kind === 'ntstatus') && e.target ? [e.target] : [],
  );
}

/** `cifs/host` → `cifs`; null for a TGT request (`krbtgt/…`) or a SQL SPN, which the catalogue's texts are for. */
function otherService(spn: string): string | null {
  const service = spn.slice(0, Math.max(spn.indexOf('/'), 0));
  if (service === '' || /^(MSSQLSvc|krbtgt)$/i.test(service)) return null;
  return service;
}

/** The diagnosis said for the service the failed request was for, when that is not SQL Server. */
export function adviceForTarget(d: Diagnosis | null, evidence: readonly Evidence[]): Diagnosis | null {
  if (!d) return d;
  const targets = askedTargets(evidence);
  const spn = targets[0];
  if (spn === undefined || targets.some((t) => otherService(t) === null)) return d;
  const service = otherService(spn) ?? '';
  const name = sanitizeEvidenceText(spn);
  const what = d.evidence[0] ?? d.code;
  return {
    ...d,
    cause:
      `Windows could not get a Kerberos ticket for ${name}, a "${sanitizeEvidenceText(service)}" service — not the ` +
      `SQL database KerbProbe checks. What Windows reported: ${what}.`,
    fixUser:
      `The request was for ${name}, not for the database: send this to your helpdesk with the service you were ` +
      'using.',
    fixHelpdesk:
      `The failed request was for ${name} (service "${sanitizeEvidenceText(service)}", not MSSQLSvc), so the ` +
      'SQL Server steps do not apply. The numbers above are the Kerberos facts: check that the SPN is registered on ' +
      "the service's account in the realm its host maps to (`setspn -Q " +
      `${name}\`), that a KDC of that realm can be reached from this device, and the status Windows printed.`,
  };
}
