// SQL errors worded and numbered as SQL Server words them, so a client sees what a real instance says.
export class SqlError extends Error {
  readonly number: number;
  readonly state: number;
  readonly class: number;
  readonly line: number;
  constructor(number: number, klass: number, state: number, message: string, line: number) {
    super(message);
    this.name = 'SqlError';
    this.number = number;
    this.class = klass;
    this.state = state;
    this.line = line;
  }
}

export const incorrectSyntax = (near: string, line: number): SqlError =>
  new SqlError(102, 15, 1, `Incorrect syntax near '${near}'.`, line);
export const incorrectSyntaxKeyword = (kw: string, line: number): SqlError =>
  new SqlError(156, 15, 1, `Incorrect syntax near the keyword '${kw}'.`, line);
export const invalidObject = (name: string, line: number): SqlError =>
  new SqlError(208, 16, 1, `Invalid object name '${name}'.`, line);
export const invalidColumn = (name: string, line: number): SqlError =>
  new SqlError(207, 16, 1, `Invalid column name '${name}'.`, line);
export const unknownFunction = (name: string, line: number): SqlError =>
  new SqlError(195, 15, 10, `'${name}' is not a recognized built-in function name.`, line);
export const undeclaredVariable = (name: string, line: number): SqlError =>
  new SqlError(137, 15, 2, `Must declare the scalar variable "${name}".`, line);
export const unclosedQuote = (rest: string, line: number): SqlError =>
  new SqlError(105, 15, 1, `Unclosed quotation mark after the character string '${rest}'.`, line);
export const noSuchProcedure = (name: string, line: number): SqlError =>
  new SqlError(2812, 16, 62, `Could not find stored procedure '${name}'.`, line);
export const noSuchDatabase = (name: string, line: number): SqlError =>
  new SqlError(911, 16, 1, `Database '${name}' does not exist. Make sure that the name is entered correctly.`, line);
