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

export function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  let line = 1;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (sql[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      const startLine = line;
      let k = c === "'" ? i + 1 : i + 2;
      let text = '';
      for (;;) {
        if (k >= n) throw unclosedQuote(text, startLine);
        const ch = sql[k]!;
        if (ch === "'") {
          if (sql[k + 1] === "'") {
            text += "'";
            k += 2;
            continue;
          }
          k++;
          break;
        }
        if (ch === '\n') line++;
        text += ch;
        k++;
      }
      out.push({ kind: 'string', text, line: startLine });
      i = k;
      continue;
    }
    if (c === '[' || c === '"') {
      const close = c === '[' ? ']' : '"';
      let k = i + 1;
      let text = '';
      for (;;) {
        if (k >= n) throw incorrectSyntax(sql.slice(i, i + 20), line);
        const ch = sql[k]!;
        if (ch === close) {
          if (sql[k + 1] === close) {
            text += close;
            k += 2;
            continue;
          }
          k++;
          break;
        }
        text += ch;
        k++;
      }
      out.push({ kind: 'word', text, upper: text.toUpperCase(), quoted: true, line });
      i = k;
      continue;
    }
    if (c === '@') {
      const global = sql[i + 1] === '@';
      let k = i + (global ? 2 : 1);
      while (k < n && /[\w#$@]/.test(sql[k]!)) k++;
      const text = sql.slice(i, k);
      out.push({ kind: global ? 'global' : 'local', text, upper: text.toUpperCase(), line });
      i = k;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let k = i;
      while (k < n && /[0-9]/.test(sql[k]!)) k++;
      const text = sql.slice(i, k);
      if (k < n && /[A-Za-z_.]/.test(sql[k]!)) throw incorrectSyntax(sql.slice(i, k + 1), line);
      const value = Number(text);
      if (!Number.isSafeInteger(value) || value > 2147483647) throw incorrectSyntax(text, line);
      out.push({ kind: 'number', value, text, line });
      i = k;
      continue;
    }
    if (/[A-Za-z_#]/.test(c)) {
      let k = i;
      while (k < n && /[\w#$@]/.test(sql[k]!)) k++;
      const text = sql.slice(i, k);
      out.push({ kind: 'word', text, upper: text.toUpperCase(), quoted: false, line });
      i = k;
      continue;
    }
    if (PUNCT.has(c)) {
      out.push({ kind: 'punct', text: c, line });
      i++;
      continue;
    }
    throw incorrectSyntax(c, line);
  }
  return out;
}
