// The type-aware linter `npm test` runs (build/lint.mjs): the rules that catch what the type checker
// does not — a promise nobody awaits or handles, a promise where a callback expects a plain value, code
// nothing uses, a switch over a union that forgets a member. Formatting is Prettier's (.prettierrc.json).
import tseslint from 'typescript-eslint';

// No line over 120 characters, comments, strings, template literals and regular expressions included (Prettier
// wraps code at 120 but leaves those whole); only a line holding a URL may be longer, since a URL does not
// break. `npm run structure` counts the long lines per folder. ESLint core's max-len is deprecated (kept until
// ESLint 11); @stylistic/max-len takes the same options.
const MAX_LEN = [
  'error',
  {
    code: 120,
    tabWidth: 2,
    ignoreUrls: true,
    ignoreComments: false,
    ignoreStrings: false,
    ignoreTemplateLiterals: false,
    ignoreRegExpLiterals: false,
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.toolchain/',
      'dist/',
      'test-results/',
      '.lab/',
      'test/fixtures/',
      'bin/',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'max-len': MAX_LEN },
  },
  {
    // A test's literals are its data: a real output's line, an exact message, a test's title. They stay whole
    // (splitting a pasted line would change the fixture); the test's code and comments keep the limit.
    files: ['test/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        { ...MAX_LEN[1], ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
);
