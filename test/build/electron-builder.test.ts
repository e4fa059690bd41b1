// The packaging config cannot run here (no Electron download): validate it with electron-builder's own
// schema validator, check the security-relevant settings, and check that every file it names exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(`${ROOT}build/electron-builder.json`, 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  extraMetadata: { main: string };
  win: { icon: string; target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
};

test("the config passes electron-builder's schema (scheme.json)", () => {
  const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator') as {
    validateSchema(schema: unknown, data: unknown, c?: unknown): void;
  };
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
  const { $schema: _ignored, ...body } = config;
  validateSchema(schema, body, { name: 'electron-builder' });
  assert.throws(
    () => validateSchema(schema, { ...body, asarUnpak: ['x'] }, { name: 'electron-builder' }),
    /asarUnpak/,
    'the validator refuses an unknown key',
  );
});

test('Windows x64 NSIS installer and portable exe, with our app id and product name', () => {
  assert.equal(config.appId, 'com.kerbprobe.desktop');
  assert.equal(config.productName, 'KerbProbe');
  assert.deepEqual(
    config.win.target.map((t) => `${t.target}:${t.arch.join(',')}`),
    ['nsis:x64', 'portable:x64'],
  );
});

test('native addons are unpacked from the asar and the fuses lock the binary down', () => {
  assert.equal(config.asar, true);
  assert.deepEqual(config.asarUnpack, ['**/*.node']);
  assert.equal(config.electronFuses.runAsNode, false);
  assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
  assert.equal(config.electronFuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
  // The page is served from kerbprobe://app (electron/main/app-protocol.ts): file:// needs no extra privileges.
  assert.equal(config.electronFuses.grantFileProtocolExtraPrivileges, false);
  // Asar integrity covers app.asar only: the unpacked addon is Authenticode-signed with the exe instead
  // (electron-builder walks resources/app.asar.unpacked for the extensions in signExts).
  assert.deepEqual((config.win as { signExts?: string[] }).signExts, ['.node']);
});

test('every file the config names exists (icons, and the bundles after `npm run build`)', () => {
  for (const icon of [config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon] as string[]) {
    assert.ok(existsSync(`${ROOT}${icon}`), icon);
    const ico = readFileSync(`${ROOT}${icon}`);
    assert.equal(ico.readUInt16LE(2), 1, `${icon} is an ICO`);
    assert.ok(ico.readUInt16LE(4) >= 4, `${icon} holds several sizes`);
  }
  assert.ok(existsSync(`${ROOT}build/icon.png`));
  assert.ok(existsSync(`${ROOT}resources/icon.svg`));
  const literal = config.files.filter((f) => !f.startsWith('!') && !f.includes('*'));
  for (const f of [...literal, config.extraMetadata.main, 'dist/renderer/index.html']) {
    assert.ok(existsSync(`${ROOT}${f}`), `${f} exists (run npm run build first)`);
  }
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.dist ?? '', /electron-builder --config build\/electron-builder\.json/);
});

test('what the packaged bundles require from dist/lazy/ at run time is built and packed (the iconv tables)', () => {
  const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
  const packed = (f: string) =>
    config.files.some((p) => !p.startsWith('!') && minimatch(f, p)) &&
    !config.files.some((p) => p.startsWith('!') && minimatch(f, p.slice(1)));
  const bundles = config.files.filter((f) => /^dist\/[^/*]+\.cjs$/.test(f));
  assert.ok(bundles.includes('dist/engine-host.cjs'));
  const lazy = new Set<string>();
  for (const b of bundles) {
    for (const m of readFileSync(`${ROOT}${b}`, 'utf8').matchAll(/require\("\.\/(lazy\/[^"]+)"\)/g))
      lazy.add(`dist/${m[1]}`);
  }
  assert.ok(
    lazy.has('dist/lazy/iconv-cp936.json'),
    'the engine host requires the GBK table from dist/lazy/ (run npm run build first)',
  );
  for (const f of lazy) {
    assert.ok(existsSync(`${ROOT}${f}`), `${f} exists`);
    assert.ok(packed(f), `${f} is in the packaged files`);
    const table = f.replace(/^dist\/lazy\/iconv-/, 'iconv-lite/encodings/tables/');
    assert.deepEqual(JSON.parse(readFileSync(`${ROOT}${f}`, 'utf8')), require(table), `${f} is iconv-lite's ${table}`);
  }
});

test('the desktop installer ships the same Windows command (resources\\cli\\) that npm run dist:cli builds', () => {
  const extra = (config.win as { extraResources?: { from: string; to: string; filter: string[] }[] }).extraResources;
  assert.deepEqual(extra, [{ from: '.toolchain/windows/cli-stage/KerbProbe', to: 'cli', filter: ['**/*'] }]);
  // dist-cli.sh stages the command, its addon and its worker there (the MSI is built from the same folder).
  const script = readFileSync(`${ROOT}build/windows/dist-cli.sh`, 'utf8');
  assert.match(script, /stage="\$out\/cli-stage"/);
  assert.match(script, /\$stage\/KerbProbe\/kerbprobe\.exe/);
  assert.match(script, /out=\$\{KERBPROBE_WINDOWS_DIR:-\$root\/\.toolchain\/windows\}/);
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.dist ?? '', /^npm run dist:cli && /, 'the command is built before the installer');
});
