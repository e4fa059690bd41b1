// A T-SQL tokenizer for the handful of statements the lab answers: identifiers ([x], "x"), strings
// ('x', N'x' with '' escapes), integers, @@globals / @locals, punctuation, and both comment styles.
import { unclosedQuote, incorrectSyntax } from './sql-error';

export type SqlToken =
  | { kind: 'word'; text: string; upper: string; quoted: boolean; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'number'; value: number; text: string; line: number }
  | { kind: 'global' | 'local'; text: string; upper: string; line: number }
  | { kind: 'punct'; text: string; line: number };

const PUNCT = new Set(['(', ')', ',', '.', ';', '=', '*', '<', '>', '+', '-', '/', '!']);

/** Reads one token at a time; `position` and `line` move as it goes. */
class Lexer {
  private position = 0;
  private line = 1;
  private readonly tokens: SqlToken[] = [];

  constructor(private readonly sql: string) {}

  run(): SqlToken[] {
    while (this.position < this.sql.length) this.readNext();
    return this.tokens;
  }

  private readNext(): void {
    const { sql, position } = this;
    const char = sql[position]!;
    const next = sql[position + 1];
    if (char === '\n') {
      this.line++;
      this.position++;
    } else if (/\s/.test(char)) this.position++;
    else if (char === '-' && next === '-') this.skipLineComment();
    else if (char === '/' && next === '*') this.skipBlockComment();
    else if (char === "'" || ((char === 'N' || char === 'n') && next === "'")) this.readString(char === "'" ? 1 : 2);
    else if (char === '[' || char === '"') this.readQuotedName(char === '[' ? ']' : '"');
    else if (char === '@') this.readVariable(next === '@');
    else if (/[0-9]/.test(char)) this.readNumber();
    else if (/[A-Za-z_#]/.test(char)) this.readWord();
    else if (PUNCT.has(char)) {
      this.tokens.push({ kind: 'punct', text: char, line: this.line });
      this.position++;
    } else throw incorrectSyntax(char, this.line);
  }

  private skipLineComment(): void {
    while (this.position < this.sql.length && this.sql[this.position] !== '\n') this.position++;
  }

  private skipBlockComment(): void {
    const end = this.sql.indexOf('*/', this.position + 2);
    const stop = end < 0 ? this.sql.length : end + 2;
    for (let at = this.position; at < stop; at++) if (this.sql[at] === '\n') this.line++;
    this.position = stop;
  }

  /** 'x' or N'x' (`prefix` is 1 or 2 characters); '' inside is one quote. */
  private readString(prefix: number): void {
    const { sql } = this;
    const startLine = this.line;
    let at = this.position + prefix;
    let text = '';
    for (;;) {
      if (at >= sql.length) throw unclosedQuote(text, startLine);
      const char = sql[at]!;
      if (char === "'") {
        if (sql[at + 1] === "'") {
          text += "'";
          at += 2;
          continue;
        }
        at++;
        break;
      }
      if (char === '\n') this.line++;
      text += char;
      at++;
    }
    this.tokens.push({ kind: 'string', text, line: startLine });
    this.position = at;
  }

  /** [x] or "x"; a doubled closing character inside is one. */
  private readQuotedName(close: string): void {
    const { sql } = this;
    let at = this.position + 1;
    let text = '';
    for (;;) {
      if (at >= sql.length) throw incorrectSyntax(sql.slice(this.position, this.position + 20), this.line);
      const char = sql[at]!;
      if (char === close) {
        if (sql[at + 1] === close) {
          text += close;
          at += 2;
          continue;
        }
        at++;
        break;
      }
      text += char;
      at++;
    }
    this.tokens.push({ kind: 'word', text, upper: text.toUpperCase(), quoted: true, line: this.line });
    this.position = at;
  }

  /** The end of a run of characters matching `pattern`, from `from`. */
  private endOf(from: number, pattern: RegExp): number {
    let at = from;
    while (at < this.sql.length && pattern.test(this.sql[at]!)) at++;
    return at;
  }

  private readVariable(global: boolean): void {
    const end = this.endOf(this.position + (global ? 2 : 1), /[\w#$@]/);
    const text = this.sql.slice(this.position, end);
    this.tokens.push({ kind: global ? 'global' : 'local', text, upper: text.toUpperCase(), line: this.line });
    this.position = end;
  }

  private readNumber(): void {
    const { sql, line } = this;
    const end = this.endOf(this.position, /[0-9]/);
    const text = sql.slice(this.position, end);
    if (end < sql.length && /[A-Za-z_.]/.test(sql[end]!))
      throw incorrectSyntax(sql.slice(this.position, end + 1), line);
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value > 2147483647) throw incorrectSyntax(text, line);
    this.tokens.push({ kind: 'number', value, text, line });
    this.position = end;
  }

  private readWord(): void {
    const end = this.endOf(this.position, /[\w#$@]/);
    const text = this.sql.slice(this.position, end);
    this.tokens.push({ kind: 'word', text, upper: text.toUpperCase(), quoted: false, line: this.line });
    this.position = end;
  }
}

export function tokenize(sql: string): SqlToken[] {
  return new Lexer(sql).run();
}
