// `npm run structure`: the structure figures of the tree — the import graph between folders (and, with
// --files, between files), the import cycles between files, the longest functions, the one-letter names in
// longer functions and the lines longer than 120 characters. The imports are read by dependency-cruiser with
// the rules of .dependency-cruiser.cjs (the ones test/architecture/import-boundaries.test.ts enforces);
// functions and names by the TypeScript compiler's parser. Measured over electron/, renderer/, build/ and
// bin/; the tests (test/, fixtures left out) only with --tests, as their own figures, since a test body is
// long by nature and reads differently.
//
//   npm run structure                    the summary
//   npm run structure -- --files         also every file's local imports
//   npm run structure -- --long-lines    also every line over 120 characters (a line with a URL may be longer)
//   npm run structure -- --short-names   also every one-letter name in a function over 15 lines
//   npm run structure -- --top 30        the 30 longest functions (15 by default)
//   npm run structure -- --depth 2       folders cut at two path segments (three by default)
//   npm run structure -- --tests         the same figures for test/ instead
//   npm run structure -- --root DIR      measure another checkout (rules and parser from this one)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

type IViolation = ICruiseResult['summary']['violations'][number];

export const MAX_LINE = 120;
const SOURCE_ROOTS = ['electron', 'renderer', 'build', 'bin'];
const TEST_ROOTS = ['test'];
const CODE = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'fixtures', '.toolchain']);
const HERE = dirname(fileURLToPath(import.meta.url));

/** The code files under `roots` (paths from `root`, '/'-separated), fixtures and build output left out. */
export function codeFiles(root: string, roots: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(join(root, folder)).sort()) {
      const path = `${folder}/${name}`;
      if (statSync(join(root, path)).isDirectory()) {
        if (!SKIPPED_FOLDERS.has(name)) walk(path);
      } else if (CODE.has(extname(name)) && !name.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const top of roots) walk(top);
  return found;
}

/** The folder a file counts under: its first `depth` path segments, never deeper than its own folder. */
export function folderOf(file: string, depth: number): string {
  const parts = file.split('/').slice(0, -1);
  return parts.slice(0, depth).join('/') || '.';
}

export type Graph = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Folder → folder it imports → how many imports, from file → files it imports (edges inside a folder left out). */
export function folderGraph(fileEdges: Iterable<[string, string]>, depth: number): Graph {
  const graph = new Map<string, Map<string, number>>();
  for (const [from, to] of fileEdges) {
    const fromFolder = folderOf(from, depth);
    const toFolder = folderOf(to, depth);
    if (fromFolder === toFolder) continue;
    const targets = graph.get(fromFolder) ?? new Map<string, number>();
    targets.set(toFolder, (targets.get(toFolder) ?? 0) + 1);
    graph.set(fromFolder, targets);
  }
  return graph;
}

/** Each elementary cycle of a graph once, written from its smallest node: 'a → b → c → a'. */
export function cycles(graph: ReadonlyMap<string, Iterable<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) found.add([...path, start].join(' → '));
      else if (next > start && !path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return [...found].sort();
}

export interface FunctionLength {
  file: string;
  line: number;
  name: string;
  lines: number;
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** What a function is called where it is declared: its own name, the variable or property it is assigned to,
 * or the call it is passed to (`test('…') callback`). */
function functionName(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  const parent = node.parent;
  const owner = ts.isClassLike(parent) && parent.name ? `${parent.name.text}.` : '';
  if (ts.isConstructorDeclaration(node)) return `${owner}constructor`;
  if (named.name) return `${owner}${named.name.getText(source)}`;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(source);
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(source);
    const title = parent.arguments[0];
    const label = title && ts.isStringLiteralLike(title) ? ` '${title.text.slice(0, 50)}'` : '';
    return `${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee}(${label.trim()}) callback`;
  }
  return '(anonymous)';
}

/** Every function of one file with its length in lines, from its first line to its last, nested ones included. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const kind = file.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : /\.[cm]?js$/.test(file)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (FUNCTION_KINDS.has(node.kind)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ file, line: first + 1, name: functionName(node, source), lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export interface ShortName {
  file: string;
  line: number;
  name: string;
  /** The function the name is declared in, and its length. */
  in: string;
  lines: number;
}

/** Functions longer than this may not declare one-letter names (a callback of a line or two may). */
export const SHORT_NAME_LIMIT = 15;

/** One-letter names (parameters, variables, catch bindings; not `_`) declared directly in a function longer
 * than SHORT_NAME_LIMIT lines. */
export function shortNames(file: string, text: string): ShortName[] {
  const kind = file.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : /\.[cm]?js$/.test(file)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: ShortName[] = [];
  const visit = (node: ts.Node, owner: ts.Node | null): void => {
    const declared = ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node);
    if (declared && ts.isIdentifier(node.name) && /^[A-Za-z]$/.test(node.name.text) && owner) {
      const lines = lineOf(owner.getEnd()) - lineOf(owner.getStart(source)) + 1;
      if (lines > SHORT_NAME_LIMIT)
        found.push({
          file,
          line: lineOf(node.getStart(source)),
          name: node.name.text,
          in: functionName(owner, source),
          lines,
        });
    }
    const next = FUNCTION_KINDS.has(node.kind) ? node : owner;
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(source, null);
  return found;
}

export interface LongLine {
  file: string;
  line: number;
  length: number;
}

/** A line holding a URL, which may be longer (ESLint's max-len with ignoreUrls reads a URL the same way). */
const URL_IN_LINE = /[^:/?#]:\/\/[^?#]/;

/** The lines longer than MAX_LINE characters (counted in code points, as an editor's column shows them),
 * lines holding a URL left out. */
export function longLines(file: string, text: string): LongLine[] {
  return text.split('\n').flatMap((content, index) => {
    const length = [...content.replace(/\r$/, '')].length;
    return length > MAX_LINE && !URL_IN_LINE.test(content) ? [{ file, line: index + 1, length }] : [];
  });
}

/** The rules of .dependency-cruiser.cjs (this checkout's), to cruise any checkout with. */
function rules(): IConfiguration {
  return createRequire(import.meta.url)(join(HERE, '..', '.dependency-cruiser.cjs')) as IConfiguration;
}

export interface ImportFigures {
  /** file → the local files it imports (node_modules, Node built-ins and files outside the roots left out). */
  fileEdges: Map<string, Set<string>>;
  /** Each elementary file cycle once, written from its smallest file. */
  fileCycles: string[];
  /** What the rules refuse, as 'rule: from → to' ('no-cycle: a → b → a' for a cycle, each once). */
  violations: string[];
}

/** A cycle written from its smallest member, so the same loop found from each of its files reads the same. */
function canonicalCycle(members: readonly string[]): string {
  const start = members.indexOf([...members].sort()[0] ?? '');
  const rotated = [...members.slice(start), ...members.slice(0, start)];
  return [...rotated, rotated[0]].join(' → ');
}

function describeViolation(violation: IViolation): string {
  if (violation.cycle?.length) {
    // The cycle lists the files after `from`, ending with `from` again.
    const members = [violation.from, ...violation.cycle.slice(0, -1).map((dep) => dep.name)];
    return `${violation.rule.name}: ${canonicalCycle(members)}`;
  }
  return `${violation.rule.name}: ${violation.from} → ${violation.to}`;
}

/** Cruises `roots` of the checkout at `root` with the repository's rules. */
export async function cruiseImports(root: string, roots: readonly string[]): Promise<ImportFigures> {
  const config = rules();
  const present = roots.filter((top) => statSync(join(root, top), { throwIfNoEntry: false })?.isDirectory());
  const { output } = await cruise(
    [...present],
    { ...config.options, baseDir: resolve(root), validate: true, ruleSet: { forbidden: config.forbidden ?? [] } },
    {},
  );
  const result = output as ICruiseResult;
  const inRoots = (path: string): boolean => present.some((top) => path.startsWith(`${top}/`));
  const fileEdges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    if (!inRoots(module.source)) continue;
    const local = module.dependencies.filter((dep) => !dep.coreModule && !dep.couldNotResolve && inRoots(dep.resolved));
    fileEdges.set(module.source, new Set(local.map((dep) => dep.resolved)));
  }
  const violations = new Set((result.summary.violations ?? []).map(describeViolation));
  return { fileEdges, fileCycles: cycles(fileEdges), violations: [...violations].sort() };
}

/** How many separate knots the cycles form: cycles that share a file are one knot. */
export function knots(cycleList: readonly string[]): number {
  const groups: Set<string>[] = [];
  for (const cycle of cycleList) {
    const members = new Set(cycle.split(' → '));
    const touching = groups.filter((group) => [...members].some((member) => group.has(member)));
    for (const group of touching) groups.splice(groups.indexOf(group), 1);
    groups.push(new Set([...members, ...touching.flatMap((group) => [...group])]));
  }
  return groups.length;
}

interface Options {
  root: string;
  roots: readonly string[];
  depth: number;
  top: number;
  files: boolean;
  listLongLines: boolean;
  listShortNames: boolean;
}

function printImports(figures: ImportFigures, options: Options): void {
  const graph = folderGraph(
    [...figures.fileEdges].flatMap(([from, targets]) => [...targets].map((to): [string, string] => [from, to])),
    options.depth,
  );
  const edgeCount = [...graph.values()].reduce((sum, targets) => sum + targets.size, 0);
  console.log(`\n## Import graph between folders (depth ${options.depth}): ${graph.size} folders, ${edgeCount} edges`);
  for (const [from, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...targets].sort(([a], [b]) => a.localeCompare(b)).map(([to, count]) => `${to} (${count})`);
    console.log(`${from} → ${list.join(', ')}`);
  }
  const folderCycles = cycles(new Map([...graph].map(([from, targets]) => [from, [...targets.keys()]])));
  console.log(`\n## Import cycles between folders (depth ${options.depth}): ${folderCycles.length}`);
  for (const cycle of folderCycles) console.log(cycle);
  if (options.files) {
    console.log(`\n## Imports between files: ${figures.fileEdges.size} files`);
    for (const [from, targets] of [...figures.fileEdges].sort(([a], [b]) => a.localeCompare(b)))
      if (targets.size > 0) console.log(`${from} → ${[...targets].sort().join(', ')}`);
  }
  const { fileCycles } = figures;
  console.log(
    `\n## Import cycles between files (type-only imports included): ${fileCycles.length} in ${knots(fileCycles)} knots`,
  );
  for (const cycle of figures.fileCycles) console.log(cycle);
  const refused = figures.violations.filter((violation) => !violation.startsWith('no-cycle:'));
  console.log(`\n## Other imports the rules refuse (.dependency-cruiser.cjs): ${refused.length}`);
  for (const violation of refused) console.log(violation);
}

function printFunctions(functions: FunctionLength[], options: Options): void {
  const longest = [...functions]
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file))
    .slice(0, options.top);
  const over = (limit: number): number => functions.filter((fn) => fn.lines > limit).length;
  console.log(`\n## Longest functions (of ${functions.length}; over 50 lines: ${over(50)}, over 100: ${over(100)})`);
  for (const fn of longest) console.log(`${String(fn.lines).padStart(4)}  ${fn.file}:${fn.line}  ${fn.name}`);
}

function printLongLines(lines: LongLine[], options: Options): void {
  const perFolder = new Map<string, number>();
  for (const line of lines) {
    const folder = dirname(line.file).split(sep).join('/');
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
  }
  const longest = lines.reduce((max, line) => Math.max(max, line.length), 0);
  console.log(`\n## Lines over ${MAX_LINE} characters: ${lines.length} (longest ${longest})`);
  for (const [folder, count] of [...perFolder].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`${String(count).padStart(5)}  ${folder}/`);
  if (options.listLongLines) for (const line of lines) console.log(`${line.file}:${line.line} (${line.length})`);
}

function printShortNames(names: ShortName[], options: Options): void {
  const perFolder = new Map<string, number>();
  for (const name of names) perFolder.set(dirname(name.file), (perFolder.get(dirname(name.file)) ?? 0) + 1);
  const functions = new Set(names.map((name) => `${name.file}:${name.in}`)).size;
  console.log(
    `\n## One-letter names in functions over ${SHORT_NAME_LIMIT} lines: ${names.length} (in ${functions} functions)`,
  );
  for (const [folder, count] of [...perFolder].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`${String(count).padStart(5)}  ${folder}/`);
  if (options.listShortNames)
    for (const name of names)
      console.log(`${name.file}:${name.line}  ${name.name}  in ${name.in} (${name.lines} lines)`);
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      root: { type: 'string', default: join(HERE, '..') },
      depth: { type: 'string', default: '3' },
      top: { type: 'string', default: '15' },
      files: { type: 'boolean', default: false },
      'long-lines': { type: 'boolean', default: false },
      'short-names': { type: 'boolean', default: false },
      tests: { type: 'boolean', default: false },
    },
  });
  return {
    root: values.root,
    roots: values.tests ? TEST_ROOTS : SOURCE_ROOTS,
    depth: Number(values.depth),
    top: Number(values.top),
    files: values.files,
    listLongLines: values['long-lines'],
    listShortNames: values['short-names'],
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const files = codeFiles(options.root, options.roots);
  const texts = files.map((file) => [file, readFileSync(join(options.root, file), 'utf8')] as const);
  console.log(`# Structure of ${options.roots.map((top) => `${top}/`).join(', ')} in ${options.root}`);
  console.log(`${files.length} code files, ${texts.reduce((sum, [, text]) => sum + text.split('\n').length, 0)} lines`);
  printImports(await cruiseImports(options.root, options.roots), options);
  printFunctions(
    texts.flatMap(([file, text]) => functionLengths(file, text)),
    options,
  );
  printShortNames(
    texts.flatMap(([file, text]) => shortNames(file, text)),
    options,
  );
  printLongLines(
    texts.flatMap(([file, text]) => longLines(file, text)),
    options,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
