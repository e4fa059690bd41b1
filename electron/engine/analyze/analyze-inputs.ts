// One diagnosis from everything the helpdesk has: several inputs (klist, klist get, dsregcmd, reg query, a
// saved report, a collected bundle), each read and judged as of when it was captured — the time the input
// gives (a report's start, a bundle's capture time), else the time the reader gives, else as the reader's
// fallback says — then the evidence of all of them read together by diagnose/'s analyzeEvidence, the one
// root-cause order. Each input still says what it showed by itself. `kerbprobe analyze` and the Helpdesk
// view call this.
import {
  ANALYSIS_SCHEMA_VERSION,
  CombinedAnalysisSchema,
  type CombinedAnalysis,
  type InputAnalysisResult,
} from '../../contract/analysis';
import { BUNDLE_FORMAT, BundleSchema, type Bundle } from '../../contract/bundle';
import { MAX_ANALYSIS_INPUTS, MAX_INPUT_BYTES } from '../../contract/limits';
import { analyzeEvidence } from '../diagnose/classify';
import { sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import { forHelpdesk } from '../diagnose/catalog';
import { KerbProbeError, UsageError } from '../errors';
import { InputTooLargeError } from '../read-bounded';
import { decodeText } from '../tickets/pasted-text';
import { realmRouteFact } from '../environment/windows-device-facts';
import type { HostRealmMapping } from '../environment/realm-mapping';
import { adviceForTarget } from './advice-for-target';
import { analyzeInput, type InputAnalysis } from './analyze-input';
import { looksLikeAdminReport } from '../../contract/admin';
import { analyzeAdminReport, readAdminReport } from './admin-input';

export interface AnalysisInput {
  name: string;
  content: string | Uint8Array;
  /** When the reader says this input was captured (`--at`, the view's "Captured at"). */
  capturedAt?: Date | null;
}

export interface AnalyzeInputsOptions {
  /** The SQL SPN the tickets should reach, when known. */
  spn?: string | null;
  /**
   * For an input that says nothing about its capture time and was given none: the time of reading (the CLI
   * without --at: its documented default) or `earliest` (the app: never the time of reading).
   */
  fallback: { at: Date } | 'earliest';
}

/** A collected bundle, recognised by its format field before any ticket parser looks at it. */
function looksLikeBundle(text: string): boolean {
  return /^\s*\{/.test(text) && new RegExp(`"format"\\s*:\\s*"${BUNDLE_FORMAT}"`).test(text.slice(0, 4096));
}

/**
 * A collected bundle, validated. Its errors quote outside text — the name (a path) and the schema's words about
 * the file (a key it does not know is quoted as written) — made safe to show first.
 */
export function readBundle(text: string, name: string): Bundle {
  const shown = sanitizeEvidenceText(name);
  if (text.length > MAX_INPUT_BYTES.bundle) throw new InputTooLargeError('bundle', shown);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KerbProbeError('BUNDLE_INVALID', `${shown}: not a readable KerbProbe bundle (the JSON does not parse)`);
  }
  const parsed = BundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = issue ? sanitizeEvidenceText(`${issue.path.join('.') || '(root)'}: ${issue.message}`) : 'invalid';
    throw new KerbProbeError('BUNDLE_INVALID', `${shown}: not a KerbProbe bundle this version reads (${problem})`);
  }
  return parsed.data;
}

const DIAGNOSED = (a: InputAnalysis) => a.diagnoses[0] ?? null;

/**
 * What inputs show only together: where Windows sent each SQL SPN a `klist get` failed for, by the
 * KerbTopLevelNames a `dsregcmd /status` lists and the host-to-realm mappings a `reg query` of HostToRealm
 * printed — the same fact the check's device hop builds (environment/windows-device-facts.ts), judged by diagnose/
 * like any evidence (a port the names do not cover, or a mapping to another realm, explains the SPN_UNKNOWN
 * that follows).
 */
function realmRoutes(
  evidence: readonly Evidence[],
  mappings: readonly HostRealmMapping[],
  userRealm: string | null,
): Evidence[] {
  const names = evidence.flatMap((e) =>
    e.kind === 'dsregcmd' && e.kerbTopLevelNames?.length ? e.kerbTopLevelNames : [],
  );
  if (names.length === 0 && mappings.length === 0) return [];
  const spns = new Set(
    evidence.flatMap((e) =>
      (e.kind === 'klist-substatus' || e.kind === 'ntstatus') && e.target && /^MSSQLSvc\/[^:/@\s]+:\d+/i.test(e.target)
        ? [e.target]
        : [],
    ),
  );
  return [...spns].map((spn) =>
    realmRouteFact({ spn, port: 1433, kerbTopLevelNames: names.length ? names : null, mappings, userRealm }),
  );
}

function result(name: string, a: InputAnalysis, source: InputAnalysisResult['judgedAtSource']): InputAnalysisResult {
  const d = DIAGNOSED(a);
  return {
    name,
    kind: a.kind,
    judgedAt: a.judgedAt ? a.judgedAt.toISOString() : null,
    judgedAtSource: source,
    timeZone: a.timeZone === 'local' || a.timeZone === 'utc' ? a.timeZone : null,
    facts: a.facts,
    findings: a.findings,
    ticketSet: a.ticketSet,
    diagnosis: d ? forHelpdesk(d) : null,
    contradictions: a.contradictions.map((c) => c.message),
    ...(a.notes.length ? { notes: a.notes } : {}),
  };
}

/** How a bundle's command that did not give its output is said. */
const OUTCOME_SAID: Record<Exclude<Bundle['commands'][number]['outcome'], 'ok'>, string> = {
  missing: 'not available on this device',
  timeout: 'did not answer in time',
  failed: 'could not run',
};

/** The SPN a collected `klist get <name>` asked for (its failure output does not repeat it). */
const askedFor = (command: string): string | null => /^klist get (\S+)$/.exec(command)?.[1] ?? null;

/** A bundle: one result saying what was collected, then one per command output a parser reads. */
function analyzeBundle(bundle: Bundle, name: string, spn: string | null, out: Gathered): void {
  const at = new Date(bundle.capturedAt);
  const facts = [
    `collected ${bundle.capturedAt} by KerbProbe ${sanitizeEvidenceText(bundle.tool.version)} ` +
      `on ${sanitizeEvidenceText(bundle.tool.platform)}${bundle.redacted ? ' (redacted)' : ''}` +
      `${bundle.target ? ` for ${sanitizeEvidenceText(bundle.target.spn)}` : ''}`,
  ];
  if (bundle.elevated === true)
    facts.push(
      "the session was elevated (whoami /groups: High Mandatory Level): its tickets are not those of the user's " +
        'own session — collect again from a normal window',
    );
  const unread: string[] = [];
  const parts: { name: string; a: InputAnalysis; combine: boolean }[] = [];
  for (const capture of bundle.commands) {
    if (capture.outcome !== 'ok') {
      facts.push(
        `${sanitizeEvidenceText(capture.command)}: ${OUTCOME_SAID[capture.outcome]}` +
          `${capture.note ? ` (${sanitizeEvidenceText(capture.note)})` : ''}`,
      );
      continue;
    }
    const text = capture.stdout.trim() ? capture.stdout : capture.stderr;
    try {
      const analysis = analyzeInput(text, {
        name: `${name} › ${capture.command}`,
        spn: askedFor(capture.command) ?? spn,
        now: at,
      });
      // The instance's other endpoint is asked for comparison: it may simply not be enabled, so what it
      // shows is said but is not evidence about the endpoint the user connects to.
      const other = /-other-endpoint$/.test(capture.id);
      if (other)
        analysis.facts.unshift(
          "the instance's other endpoint, asked for comparison: not part of the combined diagnosis",
        );
      parts.push({ name: `${name} › ${capture.command}`, a: analysis, combine: !other });
    } catch (err) {
      if (!(err instanceof KerbProbeError)) throw err;
      unread.push(capture.command);
    }
    if (capture.truncated) facts.push(`${sanitizeEvidenceText(capture.command)}: output cut at the bundle's limit`);
  }
  if (unread.length)
    facts.push(
      `captured as printed, not read (no parser for them, or a layout they do not ` +
        `read): ${sanitizeEvidenceText(unread.join('; '))}`,
    );
  if (bundle.checkError)
    facts.push(
      `the check did not complete: [${sanitizeEvidenceText(bundle.checkError.code)}] ` +
        `${sanitizeEvidenceText(bundle.checkError.message)}`,
    );
  if (bundle.check)
    parts.push({
      name: `${name} › check`,
      a: analyzeInput(JSON.stringify(bundle.check), { name: `${name} › check`, spn, now: at }),
      combine: true,
    });
  out.results.push({
    name,
    kind: 'kerbprobe-bundle',
    judgedAt: bundle.capturedAt,
    judgedAtSource: 'input',
    timeZone: null,
    facts,
    findings: [],
    ticketSet: null,
    diagnosis: null,
    contradictions: [],
  });
  for (const part of parts) add(part.name, part.a, 'input', out, part.combine);
}

type Gathered = {
  results: InputAnalysisResult[];
  evidence: Evidence[];
  mappings: HostRealmMapping[];
  userRealm: string | null;
};

function add(
  name: string,
  a: InputAnalysis,
  source: InputAnalysisResult['judgedAtSource'],
  out: Gathered,
  combine = true,
): void {
  out.results.push(result(name, a, a.judgedBy === 'input' ? 'input' : a.judgedBy === 'earliest' ? 'earliest' : source));
  if (!combine) return;
  out.userRealm ??= a.ticketSet?.chain.userRealm ?? null;
  out.evidence.push(...a.evidence);
  out.mappings.push(...(a.hostToRealm ?? []));
}

export function analyzeInputs(inputs: readonly AnalysisInput[], opts: AnalyzeInputsOptions): CombinedAnalysis {
  if (inputs.length === 0) throw new UsageError('nothing to analyze: give at least one input');
  if (inputs.length > MAX_ANALYSIS_INPUTS)
    throw new UsageError(
      `at most ${MAX_ANALYSIS_INPUTS} inputs are combined into one analysis; ${inputs.length} were given`,
    );
  const spn = opts.spn ?? null;
  const out: Gathered = { results: [], evidence: [], mappings: [], userRealm: null };
  for (const input of inputs) {
    const content = input.content;
    // Only a JSON-looking file is decoded here ('{', or a UTF-8 BOM): a binary ccache goes to the ticket reader.
    const asText =
      typeof content === 'string' ? content : content[0] === 0x7b || content[0] === 0xef ? decodeText(content) : null;
    // An admin report (the instance's and the tenant's side): its facts join the user's evidence.
    if (asText !== null && looksLikeAdminReport(asText)) {
      add(input.name, analyzeAdminReport(readAdminReport(asText, input.name)), 'input', out);
      continue;
    }
    if (asText !== null && looksLikeBundle(asText)) {
      analyzeBundle(readBundle(asText, input.name), input.name, spn, out);
      continue;
    }
    const given = input.capturedAt ?? (opts.fallback === 'earliest' ? null : opts.fallback.at);
    const analysis = analyzeInput(input.content, { name: input.name, spn, now: given });
    add(input.name, analysis, input.capturedAt ? 'given' : 'read', out);
  }
  const evidence = [...out.evidence, ...realmRoutes(out.evidence, out.mappings, out.userRealm)];
  const combined = adviceForTarget(evidence.length ? analyzeEvidence(evidence).diagnosis : null, evidence);
  return CombinedAnalysisSchema.parse({
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    inputs: out.results,
    diagnosis: combined ? forHelpdesk(combined) : null,
    // One judge: what failed is what diagnose/ diagnosed (chain findings, contradictions and failed reports
    // are evidence it reads), so a failed analysis always names its cause.
    failed: combined !== null,
  });
}
