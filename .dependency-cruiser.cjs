// The import rules of the tree, checked by dependency-cruiser: test/architecture/import-boundaries.test.ts
// runs them (so `npm test` does) and `npm run structure` prints the graph they are checked on.
//
// Process boundaries you can see in the tree: the renderer imports no Node, no Electron and no engine
// runtime code (types from the contract only, plus the pure contract modules in RENDERER_RUNTIME_CONTRACT);
// the engine, the lab, the CLI and the contract never import Electron or the app's processes; the engine
// never imports the lab or the CLI; the utility process never imports main or the preload; the lab's Windows
// renditions import none of the engine's readings (they are written from Microsoft's docs and real outputs).
// And no two files import each other, directly or around a longer loop — type-only imports included: a
// type-only loop costs nothing at run time, but the two files still cannot be read, moved or split one without
// the other.

/** Contract modules the renderer may run, not only read types from: each imports nothing at run time. */
const RENDERER_RUNTIME_CONTRACT = [
  'azure',
  'limits',
  'format',
  'display-text',
  'codes',
  'chain-flow',
  'code-spans',
  'error-codes',
  'server-input',
  'admin-input',
  'fleet-keys',
];
const runtimeContract = `^electron/contract/(${RENDERER_RUNTIME_CONTRACT.join('|')})\\.ts$`;
/** The packages the renderer may import: React and Fluent UI. */
const RENDERER_PACKAGES = '^node_modules/(react|react-dom|scheduler|@fluentui/[^/]+)/';
const ELECTRON_PACKAGE = '^node_modules/electron/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Two files import each other, directly or around a loop (type-only imports count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-no-node-or-electron',
      comment: 'The renderer is a web page: no Node built-ins, no Electron.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-packages',
      comment: 'The renderer imports React and Fluent UI only.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^node_modules/', pathNot: RENDERER_PACKAGES },
    },
    {
      name: 'renderer-contract-only',
      comment: 'Of electron/, the renderer imports the contract only.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^electron/', pathNot: '^electron/contract/' },
    },
    {
      name: 'renderer-contract-types',
      comment: 'The renderer runs only the pure contract modules; of the others it reads types.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^electron/contract/', pathNot: runtimeContract, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-runtime-contract-pure',
      comment: 'A contract module the renderer runs imports nothing at run time but another such module.',
      severity: 'error',
      from: { path: runtimeContract },
      to: { pathNot: runtimeContract, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-electron-below-the-app',
      comment: 'The engine, the lab, the CLI and the contract run without Electron and its processes.',
      severity: 'error',
      from: { path: '^electron/(engine|lab|cli|contract)/' },
      to: { path: [ELECTRON_PACKAGE, '^electron/(main|preload|utility)/'] },
    },
    {
      name: 'engine-not-lab-or-cli',
      comment: 'The engine never imports the lab or the CLI.',
      severity: 'error',
      from: { path: '^electron/engine/' },
      to: { path: '^electron/(lab|cli)/' },
    },
    {
      name: 'windows-renditions-not-engine-readings',
      comment:
        "The lab's Windows renditions (electron/lab/windows/) are written from Microsoft's documentation and real " +
        "outputs: they import nothing the engine's parsers or diagnosis use (no flag table, registry key, enctype " +
        'name, ticket reader or contract shape); only the interfaces the lab implements, the error class, and the ' +
        'Kerberos binding its SSPI stand-in drives.',
      severity: 'error',
      from: { path: '^electron/lab/windows/' },
      to: {
        path: '^electron/(engine|contract)/',
        pathNot:
          '^electron/engine/(errors|run-tool|check/os-services|kerberos/(binding|gss-error|security-context))[.]ts$',
      },
    },
    {
      name: 'utility-not-main-or-preload',
      comment: "The utility process runs the engine: it never imports Electron, main's code or the preload.",
      severity: 'error',
      from: { path: '^electron/utility/' },
      to: { path: [ELECTRON_PACKAGE, '^electron/(main|preload)/'] },
    },
  ],
  options: {
    // Type-only imports are seen (and marked 'type-only'), so the cycle rule counts them and the renderer
    // rules can tell a type from run-time code.
    tsPreCompilationDeps: 'specify',
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a link to a shared install: name packages by where they are imported from.
    preserveSymlinks: true,
    exclude: { path: '^(dist|test/fixtures)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
