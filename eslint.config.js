// Lint, and the dependency rule of docs/architecture.md as restricted-path zones
// (Zulip desktop's approach): a folder may only import the folders it is allowed to.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const SRC = ['shared', 'clover', 'sync', 'till', 'main', 'preload', 'renderer', 'cli', 'dispatcher'];

/** Zones that forbid `target` from importing every src folder not in `allowed`. */
function onlyImports(target, allowed) {
  return SRC.filter((f) => f !== target && !allowed.includes(f)).map((from) => ({
    target: `./src/${target}`,
    from: `./src/${from}`,
    message: `src/${target} may import only ${[...allowed].join(', ') || 'nothing else'} (docs/architecture.md).`,
  }));
}

const NODE_BUILTINS = { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os'], message: 'No Node built-ins here: this code also runs outside Node.' };
const ELECTRON = { group: ['electron', 'electron/*'], message: 'Electron belongs in src/main and src/preload only.' };
const SQLITE_DRIVER = { group: ['better-sqlite3'], message: 'Use the database port in src/sync/db.' };

function restrictedImports(files, patterns, ignores = []) {
  return [{ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

const zones = [
  ...onlyImports('shared', []),
  ...onlyImports('clover', ['shared']),
  ...onlyImports('sync', ['shared']),
  ...onlyImports('till', ['shared', 'clover', 'sync']),
  ...onlyImports('main', ['shared', 'clover', 'sync', 'till']),
  ...onlyImports('cli', ['shared', 'clover', 'sync', 'till']),
  ...onlyImports('preload', ['shared']),
  ...onlyImports('renderer', ['shared']),
  ...onlyImports('dispatcher', ['shared']),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tools/', 'coverage/', 'test-results/', 'playwright-report/', 'test/fixtures/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // One no-restricted-imports entry per folder (a later entry would replace an earlier one).
  ...restrictedImports(['src/shared/**', 'src/renderer/**', 'src/dispatcher/**'], [NODE_BUILTINS, ELECTRON, SQLITE_DRIVER],
    ['src/dispatcher/node-*.ts']),
  ...restrictedImports(['src/dispatcher/node-*.ts'], [ELECTRON, SQLITE_DRIVER]),
  ...restrictedImports(['src/clover/**', 'src/till/**', 'src/cli/**'], [ELECTRON, SQLITE_DRIVER]),
  ...restrictedImports(['src/sync/**'], [ELECTRON, SQLITE_DRIVER], ['src/sync/db/**']),
  ...restrictedImports(['src/sync/db/**'], [ELECTRON]),
  ...restrictedImports(['src/main/**', 'src/preload/**'], [SQLITE_DRIVER]),
);
