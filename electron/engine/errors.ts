// Every error the engine raises on purpose carries a stable machine code and a human sentence.
export class KerbProbeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KerbProbeError';
    this.code = code;
  }
}

/** Raised by every parser of untrusted input (ccache, klist, dsregcmd, tokens, TDS bytes). */
export class ParseError extends KerbProbeError {
  readonly offset: number | undefined;
  constructor(code: string, message: string, offset?: number) {
    super(code, offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'ParseError';
    this.offset = offset;
  }
}

/** Usage errors end the CLI with exit code 2 and this message, never a stack trace. */
export class UsageError extends KerbProbeError {
  /** `code`: one of the contract's INPUT_ERROR_CODES when the input has its own (USAGE otherwise). */
  constructor(message: string, code = 'USAGE') {
    super(code, message);
    this.name = 'UsageError';
  }
}
