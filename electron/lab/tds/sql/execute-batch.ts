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
  /** A SET statement: the option as written (upper case), e.g. `ANSI_NULLS` or `TRANSACTION ISOLATION LEVEL`. */
  | { kind: 'set'; option: string };

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
type Statement = Select | { kind: 'set'; option: string } | { kind: 'use'; database: string; line: number };

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
      const token = this.peek()!;
      if (this.isPunct(token, ';')) {
        this.i++;
        continue;
      }
      if (token.kind === 'word' && !token.quoted && token.upper === 'SELECT') out.push(this.parseSelect());
      else if (token.kind === 'word' && !token.quoted && token.upper === 'SET') out.push(this.parseSet());
      else if (token.kind === 'word' && !token.quoted && token.upper === 'USE') out.push(this.parseUse());
      else if (token.kind === 'word' && !KEYWORDS.has(token.upper) && out.length === 0) {
        // A batch that starts with a bare name is an implicit EXEC.
        throw noSuchProcedure(token.text, token.line);
      } else throw this.unexpected(token);
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
      for (const keyword of ['ISOLATION', 'LEVEL'])
        if (!this.isWord(this.next(), keyword)) throw this.unexpected(this.toks[this.i - 1]);
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
      return { kind: 'set', option: 'TRANSACTION ISOLATION LEVEL' };
    }
    const value = this.next();
    if (
      !value ||
      !(value.kind === 'word' || value.kind === 'number' || value.kind === 'string') ||
      (value.kind === 'word' && value.upper === 'SELECT')
    ) {
      throw this.unexpected(value);
    }
    return { kind: 'set', option: option.upper };
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
      const part = this.next();
      if (!part || part.kind !== 'word') throw this.unexpected(part);
      parts.push(part.text);
    }
    const lower = parts.map((p) => p.toLowerCase());
    const ok =
      (lower.length === 2 && lower[0] === 'sys' && lower[1] === 'dm_exec_connections') ||
      (lower.length === 3 && lower[1] === 'sys' && lower[2] === 'dm_exec_connections' && lower[0] === 'master');
    if (!ok) throw invalidObject(parts.join('.'), first.line);
    let alias: string | null = null;
    if (this.isWord(this.peek(), 'AS')) this.i++;
    const aliasToken = this.peek();
    if (aliasToken?.kind === 'word' && (aliasToken.quoted || !KEYWORDS.has(aliasToken.upper))) {
      alias = aliasToken.text;
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
    const token = this.peek();
    if (
      token?.kind === 'word' &&
      (token.quoted || !KEYWORDS.has(token.upper)) &&
      this.isPunct(this.toks[this.i + 1], '=')
    ) {
      this.i += 2;
      return { alias: token.text, expr: this.parseExpr() };
    }
    const expr = this.parseExpr();
    let alias: string | null = null;
    if (this.isWord(this.peek(), 'AS')) {
      this.i++;
      const aliasToken = this.next();
      if (!aliasToken || !(aliasToken.kind === 'word' || aliasToken.kind === 'string'))
        throw this.unexpected(aliasToken);
      alias = aliasToken.text;
    } else {
      const aliasToken = this.peek();
      if (
        (aliasToken?.kind === 'word' && (aliasToken.quoted || !KEYWORDS.has(aliasToken.upper))) ||
        aliasToken?.kind === 'string'
      ) {
        alias = aliasToken.text;
        this.i++;
      }
    }
    return { expr, alias };
  }

  private parseExpr(): Expr {
    const token = this.next();
    if (!token) throw this.unexpected(token);
    switch (token.kind) {
      case 'string':
        return { kind: 'const', value: token.text, type: 'nvarchar', name: '' };
      case 'number':
        return { kind: 'const', value: token.value, type: 'int', name: '' };
      case 'punct':
        if (token.text === '-' && this.peek()?.kind === 'number') {
          const negated = this.next() as { value: number };
          return { kind: 'const', value: -negated.value, type: 'int', name: '' };
        }
        if (token.text === '(') {
          const inner = this.parseExpr();
          if (!this.isPunct(this.next(), ')')) throw this.unexpected(this.toks[this.i - 1]);
          return inner;
        }
        throw this.unexpected(token);
      case 'global': {
        const globalVariable = GLOBALS[token.upper];
        if (!globalVariable) throw incorrectSyntax(token.text, token.line);
        return {
          kind: 'session',
          key: globalVariable.key,
          type: globalVariable.type,
          maxChars: globalVariable.maxChars,
        };
      }
      case 'local':
        throw undeclaredVariable(token.text, token.line);
      case 'word': {
        if (!token.quoted && KEYWORDS.has(token.upper)) throw incorrectSyntaxKeyword(token.upper, token.line);
        if (this.isPunct(this.peek(), '(') && !token.quoted) {
          this.i++;
          if (!this.isPunct(this.next(), ')')) throw this.unexpected(this.toks[this.i - 1]);
          const sessionFunction = FUNCTIONS[token.upper];
          if (!sessionFunction) throw unknownFunction(token.text, token.line);
          return { kind: 'session', key: sessionFunction.key, type: 'nvarchar', maxChars: sessionFunction.maxChars };
        }
        if (!token.quoted && NILADIC[token.upper]) {
          const niladic = NILADIC[token.upper]!;
          return { kind: 'session', key: niladic.key, type: 'nvarchar', maxChars: niladic.maxChars };
        }
        if (this.isPunct(this.peek(), '.')) {
          this.i++;
          const col = this.next();
          if (!col || col.kind !== 'word') throw this.unexpected(col);
          return { kind: 'dmv', column: col.text, line: col.line, qualifier: token.text };
        }
        return { kind: 'dmv', column: token.text, line: token.line, qualifier: null };
      }
    }
  }
}

function dmvValue(column: string, session: SessionInfo): Cell {
  switch (column) {
    case 'session_id':
      return session.spid;
    case 'net_transport':
      return session.netTransport;
    case 'protocol_type':
      return 'TSQL';
    case 'encrypt_option':
      return session.encryptOption;
    case 'auth_scheme':
      return session.authScheme;
    case 'client_net_address':
      return session.clientAddress;
    default:
      return null;
  }
}

function evaluate(e: Expr, s: SessionInfo): Cell {
  if (e.kind === 'const') return e.value;
  if (e.kind === 'session') return s[e.key] as Cell;
  return dmvValue(e.column.toLowerCase(), s);
}

function runSelect(select: Select, session: SessionInfo): BatchItem {
  const columns: Column[] = [];
  const exprs: Expr[] = [];
  if (select.star) {
    for (const [name, meta] of Object.entries(DMV_COLUMNS)) {
      columns.push(meta.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: meta.maxChars });
      exprs.push({ kind: 'dmv', column: name, line: select.line, qualifier: null });
    }
  }
  for (const item of select.items) {
    const expr = item.expr;
    if (expr.kind === 'dmv') {
      const meta = DMV_COLUMNS[expr.column.toLowerCase()];
      if (!select.from || !meta) throw invalidColumn(expr.column, expr.line);
      if (
        expr.qualifier &&
        expr.qualifier.toLowerCase() !== (select.from.alias ?? 'dm_exec_connections').toLowerCase()
      ) {
        throw new SqlError(
          4104,
          16,
          1,
          `The multi-part identifier "${expr.qualifier}.${expr.column}" could not be bound.`,
          expr.line,
        );
      }
      const name = item.alias ?? expr.column;
      columns.push(meta.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: meta.maxChars });
    } else if (expr.kind === 'session') {
      const name = item.alias ?? '';
      columns.push(expr.type === 'int' ? { name, type: 'int' } : { name, type: 'nvarchar', maxChars: expr.maxChars });
    } else {
      const name = item.alias ?? '';
      columns.push(
        expr.type === 'int'
          ? { name, type: 'int' }
          : { name, type: 'nvarchar', maxChars: Math.max(1, String(expr.value).length) },
      );
    }
    exprs.push(expr);
  }
  for (const condition of select.where) {
    if (!DMV_COLUMNS[condition.column.toLowerCase()]) throw invalidColumn(condition.column, select.line);
  }
  // The DMV holds one row per connection; this server shows the caller its own.
  const matches = select.where.every((w) => {
    const left = dmvValue(w.column.toLowerCase(), session);
    const right = evaluate(w.value, session);
    return typeof left === 'string' && typeof right === 'string'
      ? left.toLowerCase() === right.toLowerCase()
      : left === right;
  });
  const rows = matches ? [exprs.map((e) => evaluate(e, session))] : [];
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
      if (st.kind === 'set') items.push({ kind: 'set', option: st.option });
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
