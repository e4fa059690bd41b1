'use strict';
// Loads a CommonJS bundle of the CLI with the V8 code cache `npm run build` wrote beside it (BUNDLE.v8cache):
// most of a cold start is V8 compiling the bundle, and the cache holds the code of every function a
// build-time run compiled, not only the top level Node's own compile cache keeps. The CLI is built three
// times (cliVariant): the whole of it, and two that carry only what `check`/`collect` or the fleet view run.
//
// The cache is only offered to V8 when its header names this bundle file (its size and modification time) and this Node
// (version, V8 version, architecture); V8 then checks its own version and flags and may still reject it.
// A missing, stale or rejected cache is never an error: the bundle is compiled from source, as `require`
// would, and the run is only slower. KERBPROBE_NO_CODE_CACHE=1 skips the cache.
var fs = require('fs');
var path = require('path');
var vm = require('vm');
var Module = require('module');

var MAGIC = 'kerbprobe-v8cache-2';

/**
 * Which build of the CLI a command line runs: 'check' (`check`, `collect`: the engine, tedious, the native
 * binding; not the lab, the analyzers or the fleet view), 'fleet' (`analyze --fleet`: the fleet view alone,
 * a fifth of the whole) or 'other' (the whole CLI: every other command, --help, --version). Every build
 * registers every command, but a smaller build leaves out the actions of the commands it is not chosen for,
 * so it is chosen only when the command line leaves no doubt: the command is the first word, and --fleet
 * comes before any `--`. V8 reads and deserialises a whole bundle and its cache before the first line runs:
 * the fleet view over 10,000 lines started ~20 ms sooner, a check ~10 ms (each build beside the whole CLI,
 * alternating cold runs, when this was written; `npm run bench` measures the chosen builds' totals).
 */
function cliVariant(argv) {
  var command = argv[0];
  if (command === 'check' || command === 'collect') return 'check';
  var end = argv.indexOf('--');
  if (command === 'analyze' && (end < 0 ? argv : argv.slice(0, end)).indexOf('--fleet') > 0) return 'fleet';
  return 'other';
}

/** The file of a variant beside the whole CLI's bundle (dist/cli.cjs → dist/cli-check.cjs). */
function variantBundle(bundle, variant) {
  return variant === 'other' ? bundle : bundle.replace(/\.cjs$/, '-' + variant + '.cjs');
}

var CLI_VARIANTS = ['check', 'fleet', 'other'];

function cachePath(bundle) {
  return bundle + '.v8cache';
}

/**
 * What a cache must have been made for: this bundle file as the build left it (its size and modification
 * time, from one stat) under this Node (version, V8 version, architecture). A staleness key, not a defence:
 * whoever can write dist/ can replace the bundle itself. A rebuild or an edit changes the time; V8 then
 * checks the source's length and its own version and flags. Hashing the bytes instead (SHA-1, ~14 ms with
 * loading node:crypto; CRC-32 ~9 ms) was a twentieth of a cold check; only an edit that also puts the
 * old time back would go unnoticed.
 */
function cacheKey(stat) {
  return [MAGIC, stat.size, stat.mtimeMs, process.version, process.versions.v8, process.arch].join(' ');
}

/** The cache's V8 data when its header matches `key`, else null. Layout: header line, '\n', V8 data. */
function readCache(file, key) {
  var buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return null;
  }
  var nl = buf.indexOf(10);
  if (nl < 0 || buf.toString('latin1', 0, nl) !== key) return null;
  return buf.subarray(nl + 1);
}

/**
 * Compiles and runs `bundle` as Node would run `require(bundle)` (module, exports, require, __filename,
 * __dirname; registered in require.cache), using the code cache when it fits. Returns the vm.Script and
 * how the cache fared ('accepted', 'rejected', 'stale' or 'off'), for the build's cache writer and the tests.
 */
function loadBundle(bundle, options) {
  var opts = options || {};
  var file = path.resolve(bundle);
  var fd = fs.openSync(file, 'r');
  var bytes;
  var key;
  try {
    key = cacheKey(fs.fstatSync(fd));
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  var source = bytes.toString('utf8');
  var cached = opts.useCache === false || process.env.KERBPROBE_NO_CODE_CACHE ? null : readCache(cachePath(file), key);
  var script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData: cached || undefined,
    // A native `import()` (none in the bundle today) resolves as it would under require.
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  var cache =
    opts.useCache === false || process.env.KERBPROBE_NO_CODE_CACHE
      ? 'off'
      : !cached
        ? 'stale'
        : script.cachedDataRejected
          ? 'rejected'
          : 'accepted';
  var mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = mod;
  var wrapper = script.runInThisContext({ displayErrors: true });
  var req = Module.createRequire(file);
  wrapper.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
  return { script: script, cache: cache, key: key };
}

/**
 * Writes `bundle`'s cache from a script that has run (its compiled functions are what the cache holds).
 * Returns the file and its size.
 */
function writeCache(bundle, loaded) {
  var file = path.resolve(bundle);
  var data = loaded.script.createCachedData();
  var out = cachePath(file);
  var tmp = out + '.' + process.pid + '.tmp';
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(loaded.key + '\n', 'latin1'), data]));
  fs.renameSync(tmp, out);
  return { file: out, bytes: data.length };
}

module.exports = {
  loadBundle: loadBundle,
  writeCache: writeCache,
  cachePath: cachePath,
  cacheKey: cacheKey,
  cliVariant: cliVariant,
  variantBundle: variantBundle,
  CLI_VARIANTS: CLI_VARIANTS,
};
