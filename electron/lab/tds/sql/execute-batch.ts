// Runs a SQL batch against one authenticated session. The lab understands what a connectivity probe
// asks (SELECT of SUSER_SNAME(), @@SERVERNAME, @@VERSION, @@SPID, DB_NAME(), literals, and
// sys.dm_exec_connections' auth_scheme / net_transport / encrypt_option for this session), the SET
// options drivers send after login, and USE; anything else gets the error SQL Server would give.
// Parsing happens for the whole batch before anything runs, as SQL Server compiles a batch first.
import type { Column, Cell } from '../../../engine/sql/tds-protocol/result-set-tokens';
import { tokenize, type SqlToken } from './lexer';
import {
  SqlError,
  incorrectSyntax,
  incorrectSyntaxKeyword,
  invalidColumn,
  invalidObject,
  noSuchDatabase,
  noSuchProcedure,
  undeclaredVariable,
  unknownFunction,
} from './sql-error';

export interface SessionInfo {
  spid: number;
  login: string;
  authScheme: string;
  netTransport: string;
  encryptOption: 'TRUE' | 'FALSE';
  clientAddress: string;
  serverName: string;
  version: string;
  database: string;
  databases: string[];
}

export type BatchItem =
  | { kind: 'rows'; columns: Column[]; rows: Cell[][] }
  | { kind: 'use'; database: string; previous: string }
  | { kind: 'set' };

export interface BatchResult {
  items: BatchItem[];
  error: SqlError | null;
}

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'AS',
  'SET',
  'USE',
  'ON',
  'OFF',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'EXEC',
  'EXECUTE',
  'DECLARE',
  'BEGIN',
  'END',
  'IF',
  'ELSE',
  'ORDER',
  'GROUP',
  'BY',
  'UNION',
  'JOIN',
  'TOP',
  'DISTINCT',
  'INTO',
  'WITH',
  'GO',
  'PRINT',
  'WHILE',
  'RETURN',
  'GRANT',
  'REVOKE',
]);
const STATEMENT_START = new Set(['SELECT', 'SET', 'USE']);

type Expr =
  | { kind: 'const'; value: Cell; type: Column['type']; name: string }
  | { kind: 'session'; key: keyof SessionInfo; type: Column['type']; maxChars: number }
  | { kind: 'dmv'; column: string; line: number; qualifier: string | null };

interface SelectItem {
  expr: Expr;
  alias: string | null;
}
interface Select {
  kind: 'select';
  items: SelectItem[];
  star: boolean;
  from: { alias: string | null } | null;
  where: { column: string; value: Expr }[];
  line: number;
}
type Statement = Select | { kind: 'set' } | { kind: 'use'; database: string; line: number };

const DMV_COLUMNS: Record<string, { type: Column['type']; maxChars: number }> = {
  session_id: { type: 'int', maxChars: 0 },
  net_transport: { type: 'nvarchar', maxChars: 40 },
  protocol_type: { type: 'nvarchar', maxChars: 40 },
  encrypt_option: { type: 'nvarchar', maxChars: 40 },
  auth_scheme: { type: 'nvarchar', maxChars: 40 },
  client_net_address: { type: 'nvarchar', maxChars: 48 },
};

const FUNCTIONS: Record<string, { key: keyof SessionInfo; maxChars: number }> = {
  SUSER_SNAME: { key: 'login', maxChars: 128 },
  SUSER_NAME: { key: 'login', maxChars: 128 },
  ORIGINAL_LOGIN: { key: 'login', maxChars: 128 },
  DB_NAME: { key: 'database', maxChars: 128 },
};
const NILADIC: Record<string, { key: keyof SessionInfo; maxChars: number }> = {
  SYSTEM_USER: { key: 'login', maxChars: 128 },
};
const GLOBALS: Record<string, { key: keyof SessionInfo; type: Column['type']; maxChars: number }> = {
  '@@SERVERNAME': { key: 'serverName', type: 'nvarchar', maxChars: 128 },
  '@@VERSION': { key: 'version', type: 'nvarchar', maxChars: 300 },
  '@@SPID': { key: 'spid', type: 'int', maxChars: 0 },
};

class Parser {
  private i = 0;
  constructor(private readonly toks: SqlToken[]) {}

  private peek(): SqlToken | undefined {
    return this.toks[this.i];
  }
  private next(): SqlToken | undefined {
    return this.toks[this.i++];
  }
  private lastLine(): number {
    return this.toks[Math.min(this.i, this.toks.length - 1)]?.line ?? 1;
  }
  private isWord(t: SqlToken | undefined, upper: string): boolean {
    return t?.kind === 'word' && !t.quoted && t.upper === upper;
  }
  private isPunct(t: SqlToken | undefined, p: string): boolean {
    return t?.kind === 'punct' && t.text === p;
  }

  private unexpected(t: SqlToken | undefined): SqlError {
    if (!t)
      return incorrectSyntax(
        this.toks[this.toks.length - 1]?.kind === 'word'
          ? (this.toks[this.toks.length - 1] as { text: string }).text
          : '',
        this.lastLine(),
      );
    if (t.kind === 'word' && !t.quoted && KEYWORDS.has(t.upper)) return incorrectSyntaxKeyword(t.upper, t.line);
    return incorrectSyntax(t.kind === 'string' ? t.text : t.text, t.line);
  }

  parseBatch(): Statement[] {
    const out: Statement[] = [];
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (this.isPunct(t, ';')) {
        this.i++;
        continue;
      }
      if (t.kind === 'word' && !t.quoted && t.upper === 'SELECT') out.push(this.parseSelect());
      else if (t.kind === 'word' && !t.quoted && t.upper === 'SET') out.push(this.parseSet());
      else if (t.kind === 'word' && !t.quoted && t.upper === 'USE') out.push(this.parseUse());
      else if (t.kind === 'word' && !KEYWORDS.has(t.upper) && out.length === 0) {
        // A batch that starts with a bare name is an implicit EXEC.
        throw noSuchProcedure(t.text, t.line);
      } else throw this.unexpected(t);
      const after = this.peek();
      if (
        after &&
        !this.isPunct(after, ';') &&
        !(after.kind === 'word' && !after.quoted && STATEMENT_START.has(after.upper))
      ) {
        throw this.unexpected(after);
      }
    }
    return out;
  }

  private parseSet(): Statement {
    const set = this.next()!;
    const option = this.next();
    if (!option || option.kind !== 'word') throw this.unexpected(option ?? set);
    if (option.upper === 'TRANSACTION') {
      for (const w of ['ISOLATION', 'LEVEL'])
        if (!this.isWord(this.next(), w)) throw this.unexpected(this.toks[this.i - 1]);
      let words = 0;
      while (
        this.peek()?.kind === 'word' &&
        !STATEMENT_START.has((this.peek() as { upper: string }).upper) &&
        words < 2
      ) {
        this.i++;
        words++;
      }
      if (words === 0) throw this.unexpected(this.peek());
      return { kind: 'set' };
    }
    const value = this.next();
    if (
      !value ||
      !(value.kind === 'word' || value.kind === 'number' || value.kind === 'string') ||
      (value.kind === 'word' && value.upper === 'SELECT')
    ) {
      throw this.unexpected(value);
    }
    return { kind: 'set' };
  }

  private parseUse(): Statement {
    const use = this.next()!;
    const db = this.next();
    if (!db || db.kind !== 'word') throw this.unexpected(db);
    return { kind: 'use', database: db.text, line: use.line };
  }

  private parseSelect(): Select {
    const select = this.next()!;
    const items: SelectItem[] = [];
    let star = false;
    if (this.isPunct(this.peek(), '*')) {
      this.i++;
      star = true;
    } else {
      for (;;) {
        items.push(this.parseItem());
        if (this.isPunct(this.peek(), ',')) {
          this.i++;
          continue;
        }
        break;
      }
    }
    let from: Select['from'] = null;
    const where: Select['where'] = [];
    if (this.isWord(this.peek(), 'FROM')) {
      this.i++;
      from = this.parseTable();
      if (this.isWord(this.peek(), 'WHERE')) {
        this.i++;
        for (;;) {
          where.push(this.parseCondition(from.alias));
          if (this.isWord(this.peek(), 'AND')) {
            this.i++;
            continue;
          }
          break;
        }
      }
    }
    if (star && !from) throw new SqlError(263, 16, 1, 'Must specify table to select from.', select.line);
    return { kind: 'select', items, star, from, where, line: select.line };
  }

  private parseTable(): { alias: string | null } {
    const parts: string[] = [];
    const first = this.next();
    if (!first || first.kind !== 'word' || (!first.quoted && KEYWORDS.has(first.upper))) throw this.unexpected(first);
    parts.push(first.text);
    while (this.isPunct(this.peek(), '.')) {
      this.i++;
      const p = this.next();
      if (!p || p.kind !== 'word') throw this.unexpected(p);
      parts.push(p.text);
    }
    const lower = parts.map((p) => p.toLowerCase());
    const ok =
      (lower.length === 2 && lower[0] === 'sys' && lower[1] === 'dm_exec_connections') ||
      (lower.length === 3 && lower[1] === 'sys' && lower[2] === 'dm_exec_connections' && lower[0] === 'master');
    if (!ok) throw invalidObject(parts.join('.'), first.line);
    let alias: string | null = null;
    if (this.isWord(this.peek(), 'AS')) this.i++;
    const a = this.peek();
    if (a?.kind === 'word' && (a.quoted || !KEYWORDS.has(a.upper))) {
      alias = a.text;
      this.i++;
    }
    return { alias };
  }

  private parseCondition(alias: string | null): { column: string; value: Expr } {
    const left = this.parseExpr();
    if (!this.isPunct(this.next(), '=')) throw this.unexpected(this.toks[this.i - 1]);
    const right = this.parseExpr();
    const [col, other] = left.kind === 'dmv' ? [left, right] : right.kind === 'dmv' ? [right, left] : [null, null];
    if (!col || !other || other.kind === 'dmv') throw incorrectSyntax('=', this.lastLine());
    if (col.qualifier && col.qualifier.toLowerCase() !== (alias ?? 'dm_exec_connections').toLowerCase()) {
      throw new SqlError(
        4104,
        16,
        1,
        `The multi-part identifier "${col.qualifier}.${col.column}" could not be bound.`,
        col.line,
      );
    }
    return { column: col.column, value: other };
  }

  private parseItem(): SelectItem {
    // `alias = expr` form
    const t = this.peek();
    if (t?.kind === 'word' && (t.quoted || !KEYWORDS.has(t.upper)) && this.isPunct(this.toks[this.i + 1], '=')) {
      this.i += 2;
      return { alias: t.text, expr: this.parseExpr() };
    }
    const expr = this.parseExpr();
    let alias: string | null = null;
    if (this.isWord(this.peek(), 'AS')) {
      this.i++;
      const a = this.next();
      if (!a || !(a.kind === 'word' || a.kind === 'string')) throw this.unexpected(a);
      alias = a.text;
    } else {
      const a = this.peek();
      if ((a?.kind === 'word' && (a.quoted || !KEYWORDS.has(a.upper))) || a?.kind === 'string') {
        alias = a.text;
        this.i++;
      }
    }
    return { expr, alias };
  }

  private parseExpr(): Expr {
    const t = this.next();
    if (!t) throw this.unexpected(t);
    switch (t.kind) {
      case 'string':
        return { kind: 'const', value: t.text, type: 'nvarchar', name: '' };
      case 'number':
        return { kind: 'const', value: t.value, type: 'int', name: '' };
      case 'punct':
        if (t.text === '-' && this.peek()?.kind === 'number') {
          const n = this.next() as { value: number };
          return { kind: 'const', value: -n.value, type: 'int', name: '' };
        }
        if (t.text === '(') {
          const inner = this.parseExpr();
          if (!this.isPunct(this.next(), ')')) throw this.unexpected(this.toks[this.i - 1]);
          return inner;
        }
        throw this.unexpected(t);
      case 'global': {
        const g = GLOBALS[t.upper];
        if (!g) throw incorrectSyntax(t.text, t.line);
        return { kind: 'session', key: g.key, type: g.type, maxChars: g.maxChars };
      }
      case 'local':
        throw undeclaredVariable(t.text, t.line);
      case 'word': {
        if (!t.quoted && KEYWORDS.has(t.upper)) throw incorrectSyntaxKeyword(t.upper, t.line);
        if (this.isPunct(this.peek(), '(') && !t.quoted) {
          this.i++;
          if (!this.isPunct(this.next(), ')')) throw this.unexpected(this.toks[this.i - 1]);
          const f = FUNCTIONS[t.upper];
          if (!f) throw unknownFunction(t.text, t.line);
          return { kind: 'session', key: f.key, type: 'nvarchar', maxChars: f.maxChars };
        }
        if (!t.quoted && NILADIC[t.upper]) {
          const f = NILADIC[t.upper]!;
          return { kind: 'session', key: f.key, type: 'nvarchar', maxChars: f.maxChars };
        }
        if (this.isPunct(this.peek(), '.')) {
          this.i++;
          const col = this.next();
          if (!col || col.kind !== 'word') throw this.unexpected(col);
          return { kind: 'dmv', column: col.text, line: col.line, qualifier: t.text };
        }
        return { kind: 'dmv', column: t.text, line: t.line, qualifier: null };
      }
    }
  }
}

function dmvValue(column: string, s: SessionInfo): Cell {
  switch (column) {
    case 'session_id':
      return s.spid;
    case 'net_transport':
      return s.netTransport;
    case 'protocol_type':
      return 'TSQL';
    case 'encrypt_option':
      return s.encryptOption;
    case 'auth_scheme':
      return s.authScheme;
    case 'client_net_address':
      return s.clientAddress;
    default:
      return null;
  }
}

function evaluate(e: Expr, s: SessionInfo): Cell {
  if (e.kind === 'const') return e.value;
  if (e.kind === 'session') return s[e.key] as Cell;
  return dmvValue(e.column.toLowerCase(), s);
}

function runSelect(q: Select, s: SessionInfo): BatchItem {
  const columns: Column[] = [];
  const exprs: Expr[] = [];
  if (q.star) {
    for (const [name, meta] of Object.entries(DMV_COLUMNS)) {
      columns.push(meta.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: meta.maxChars });
      exprs.push({ kind: 'dmv', column: name, line: q.line, qualifier: null });
    }
  }
  for (const item of q.items) {
    const e = item.expr;
    if (e.kind === 'dmv') {
      const meta = DMV_COLUMNS[e.column.toLowerCase()];
      if (!q.from || !meta) throw invalidColumn(e.column, e.line);
      if (e.qualifier && e.qualifier.toLowerCase() !== (q.from.alias ?? 'dm_exec_connections').toLowerCase()) {
        throw new SqlError(
          4104,
          16,
          1,
          `The multi-part identifier "${e.qualifier}.${e.column}" could not be bound.`,
          e.line,
        );
      }
      const name = item.alias ?? e.column;
      columns.push(meta.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: meta.maxChars });
    } else if (e.kind === 'session') {
      const name = item.alias ?? '';
      columns.push(e.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: e.maxChars });
    } else {
      const name = item.alias ?? '';
      columns.push(
        e.type === 'int'
          ? { name, type: 'int' }
          : { name, type: 'nvarchar', maxChars: Math.max(1, String(e.value).length) },
      );
    }
    exprs.push(e);
  }
  for (const w of q.where) {
    if (!DMV_COLUMNS[w.column.toLowerCase()]) throw invalidColumn(w.column, q.line);
  }
  // The DMV holds one row per connection; this server shows the caller its own.
  const matches = q.where.every((w) => {
    const left = dmvValue(w.column.toLowerCase(), s);
    const right = evaluate(w.value, s);
    return typeof left === 'string' && typeof right === 'string'
      ? left.toLowerCase() === right.toLowerCase()
      : left === right;
  });
  const rows = matches ? [exprs.map((e) => evaluate(e, s))] : [];
  return { kind: 'rows', columns, rows };
}

export function executeBatch(sql: string, session: SessionInfo): BatchResult {
  let statements: Statement[];
  try {
    statements = new Parser(tokenize(sql)).parseBatch();
  } catch (err) {
    if (err instanceof SqlError) return { items: [], error: err };
    throw err;
  }
  const items: BatchItem[] = [];
  for (const st of statements) {
    try {
      if (st.kind === 'set') items.push({ kind: 'set' });
      else if (st.kind === 'use') {
        const db = session.databases.find((d) => d.toLowerCase() === st.database.toLowerCase());
        if (!db) throw noSuchDatabase(st.database, st.line);
        items.push({ kind: 'use', database: db, previous: session.database });
        session.database = db;
      } else items.push(runSelect(st, session));
    } catch (err) {
      if (err instanceof SqlError) return { items, error: err };
      throw err;
    }
  }
  return { items, error: null };
}
