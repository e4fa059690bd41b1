// Bounds every front door shares (the CLI, IPC, the app's form): plain constants with no imports, so the
// renderer may use them at run time.

/** The check's whole time budget, in seconds. */
export const CHECK_TIMEOUT_SECONDS = { min: 1, max: 600, default: 15 } as const;
export const DEFAULT_PORT = 1433;

/**
 * The most bytes KerbProbe reads of each kind of outside input, wherever it comes from: a CLI argument,
 * the app's Open dialog, a dropped file, a paste or an IPC request. Text pasted or sent over IPC is
 * measured in characters (UTF-16 code units); a UTF-8 file of N bytes never decodes to more than N of
 * them, so a file within its byte limit is within the same limit as text.
 */
export const MAX_INPUT_BYTES = {
  /** A saved KerbProbe report (JSON). */
  report: 10_000_000,
  /** A bundle of `kerbprobe collect` (its outputs and the check's report): the same as a report, which analyze
   * reads before it knows which. */
  bundle: 10_000_000,
  /** Saved or pasted klist / klist get / klist cloud_debug / dsregcmd output. */
  text: 2_000_000,
  /** An MIT/Heimdal FILE credential cache. */
  ccache: 2_000_000,
  /** A PEM file of trust anchors (--ca, SSL_CERT_FILE, KKDCP anchors). */
  caFile: 2_000_000,
  /** The KERBPROBE_HOSTS override. */
  hostsFile: 1_000_000,
  /** One file of the Kerberos profile (krb5.conf and what it includes). */
  krb5Conf: 1_000_000,
  /** A `check --config` file (JSON: the instances one deployment checks). */
  config: 100_000,
  /** One history file (JSON Lines) read by `history --file` or, each file, by the fleet view: streamed, never
   * held whole, so this bounds the time one file can take (a million lines are about 500 MB). */
  history: 1_000_000_000,
} as const;

export type InputKind = keyof typeof MAX_INPUT_BYTES;

/** How many inputs one analysis combines (the CLI's files, the Helpdesk view's pastes and drops, IPC). */
export const MAX_ANALYSIS_INPUTS = 32;

/** The most characters of all inputs of one analysis together (IPC and the Helpdesk view; the CLI reads files
 * one by one). */
export const MAX_ANALYSIS_TOTAL = 20_000_000;

/** The most of one command's stdout (and, separately, stderr) a collection bundle keeps, in characters. */
export const MAX_COLLECTED_OUTPUT = 256_000;

/** What each kind is called in a message. */
export const INPUT_KIND_NAMES: Record<InputKind, string> = {
  report: 'a KerbProbe report',
  bundle: 'a KerbProbe collection bundle',
  text: 'klist or dsregcmd output',
  ccache: 'a credential cache',
  caFile: 'a CA file',
  hostsFile: 'a hosts override',
  krb5Conf: 'a Kerberos configuration file',
  config: 'a check configuration',
  history: 'one history file',
};

/** How long one history file may take to read (`history --file`, each file of the fleet view), in seconds. */
export const HISTORY_FILE_READ_SECONDS = 60;

/** A byte count in the units people read: 2_000_000 → "2 MB", 1536 → "1.5 kB". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

/** The sentence every front door gives for input over its limit. */
export function tooLargeMessage(kind: InputKind, what: string): string {
  const limit = formatBytes(MAX_INPUT_BYTES[kind]);
  return `${what} is larger than ${limit}, the most KerbProbe reads as ${INPUT_KIND_NAMES[kind]}.`;
}

/** null when `size` (bytes of a file, or characters of text) is within the kind's limit, else the message. */
export function inputSizeProblem(kind: InputKind, size: number, what: string): string | null {
  return size > MAX_INPUT_BYTES[kind] ? tooLargeMessage(kind, what) : null;
}
