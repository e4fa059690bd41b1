// `kerbprobe admin --server FQDN`: the other end of the chain — the managed instance's and the tenant's side of
// Windows Authentication, read as a signed-in helpdesk or Azure administrator (read-only): the instance found by
// its name, its Kerberos service principal, Entra admin, connection type and public endpoint (ARM), the
// "<instance> principal", its admin consent and the Conditional Access policies that block it (Microsoft Graph).
// Exit 0 nothing found, 1 a diagnosis (a check the account may not read included), 2 usage or sign-in errors.
// The device-code prompt goes to stderr; with --json stdout carries only the admin report (contract/admin.ts),
// which `kerbprobe analyze` reads beside the user's report or bundle.
import { Option, type Command } from 'commander';
import {
  ADMIN_CHECK_TITLES,
  ADMIN_SIGN_IN_METHODS,
  type AdminCheck,
  type AdminReport,
  type AdminSignInMethod,
} from '../../contract/admin';
import type { CliContext } from '../cli-context';
import { hangingParagraph } from '../hanging-paragraph';
import { nonEmpty } from '../option-parsers';
import { lines as joinLines, paint, type TermText } from '../terminal-text';

interface AdminOpts {
  server: string;
  signIn: AdminSignInMethod;
  tenant?: string;
  clientId?: string;
  signIns?: boolean;
  json?: boolean;
  redact?: boolean;
}

const MARK: Record<AdminCheck['status'], TermText> = {
  pass: paint('green', '✔'),
  fail: paint('red', '✖'),
  warn: paint('yellow', '!'),
  unreadable: paint('yellow', '?'),
  skipped: paint('dim', '·'),
};
const TITLE_WIDTH = Math.max(...Object.values(ADMIN_CHECK_TITLES).map((t) => t.length));

/** One check: its mark and title, then each evidence line under it (wrapped on a terminal). */
function checkLines(check: AdminCheck, columns?: number): TermText[] {
  const status = check.status === 'unreadable' ? 'could not read' : check.status;
  return [
    [MARK[check.status], ` ${check.title.padEnd(TITLE_WIDTH)}  `, paint('dim', status)],
    ...check.evidence.flatMap((line) => hangingParagraph('    ', line, columns)),
  ];
}

export function renderAdmin(report: AdminReport, columns?: number): TermText {
  const lines: TermText[] = [
    paint(
      'bold',
      `Instance and tenant of ${report.server}` +
        `${report.instance ? ` (${report.instance.resourceId})` : ''}${report.redacted ? ' (redacted)' : ''}`,
    ),
    paint('dim', `read ${report.capturedAt}, signed in with ${report.signIn}`),
    '',
    ...report.checks.flatMap((check) => checkLines(check, columns)),
    '',
  ];
  const d = report.diagnosis;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  const warnings = warned ? ` (${warned} warning${warned === 1 ? '' : 's'} above)` : '';
  if (!d)
    lines.push(
      paint('green', paint('bold', `PASS  nothing on the instance's or the tenant's side stops Kerberos${warnings}`)),
    );
  else {
    lines.push(
      ...hangingParagraph('FAIL  ', `${d.code}: ${d.title}`, columns).map((l) => paint('red', paint('bold', l))),
    );
    lines.push(
      '',
      ...hangingParagraph('Why:       ', d.cause, columns),
      ...hangingParagraph('Helpdesk:  ', d.fixHelpdesk, columns),
    );
    if (d.evidence.length) {
      lines.push('Evidence:');
      for (const line of d.evidence) lines.push(...hangingParagraph('  - ', line, columns));
    }
  }
  return [...joinLines(lines), '\n'];
}

export function register(program: Command, { io, engine, action }: CliContext): void {
  program
    .command('admin')
    .description(
      "read the managed instance's and the tenant's side of Windows Authentication (read-only, signed in as a " +
        'helpdesk or Azure administrator): service principal, Entra admin, connection type, "<mi> principal", ' +
        'admin consent, Conditional Access',
    )
    .requiredOption(
      '--server <fqdn>',
      'the instance FQDN as users type it (the public endpoint name too)',
      nonEmpty('--server'),
    )
    .addOption(
      new Option('--sign-in <method>', "device code (prompt on stderr) or the Azure CLI's signed-in account")
        .choices([...ADMIN_SIGN_IN_METHODS])
        .default('device-code'),
    )
    .option('--tenant <id>', "the tenant id or domain to sign in to (default: the account's home tenant)")
    .option(
      '--client-id <id>',
      "your organisation's public-client app registration with delegated Graph permissions (docs/admin.md)",
    )
    .option('--sign-ins', "also read the principal's recent sign-ins (AuditLog.Read.All, Entra ID P1/P2)")
    .option('--json', 'print only the admin report as JSON (give it to `kerbprobe analyze` beside a user report)')
    .option('--redact', 'replace the instance, tenant, subscription and object ids and names with placeholders')
    .action(
      action(async (opts: AdminOpts) => {
        const aborter = new AbortController();
        const onSigint = () => aborter.abort();
        process.once('SIGINT', onSigint);
        try {
          const report = await engine.admin(
            {
              server: opts.server,
              method: opts.signIn,
              ...(opts.tenant ? { tenant: opts.tenant } : {}),
              ...(opts.clientId ? { clientId: opts.clientId } : {}),
              ...(opts.signIns ? { signIns: true } : {}),
              ...(opts.redact ? { redact: true } : {}),
            },
            // The prompt is for the person at the keyboard; stdout stays the report.
            { onPrompt: (text) => io.stderr(`${text}\n`), signal: aborter.signal },
          );
          if (opts.json) io.json(`${JSON.stringify(report, null, 2)}\n`);
          else io.stdout(renderAdmin(report, io.isTTY ? io.columns : undefined));
          return report.diagnosis ? 1 : 0;
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
      }),
    );
}
