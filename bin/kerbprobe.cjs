#!/usr/bin/env node
'use strict';
// The `kerbprobe` command: runs the bundled CLI (built by `npm run setup` / `npm run build`).
//
// Whatever `node` is first on PATH starts this file. When the checkout has its toolchain Node
// (.toolchain/, from `npm run setup`: the Node the pinned Electron embeds, what the tests run) and this is
// not it, the CLI re-runs under it — once (KERBPROBE_REEXEC marks the child), same argv, inherited stdio,
// the child's exit code or signal passed on. A Node older than package.json's `engines` gets one line and
// exit 2. This file is written for old Nodes too (no ?. or ??): it must be able to say so.
var fs = require('fs');
var path = require('path');

var root = path.join(__dirname, '..');
var bundle = path.join(root, 'dist', 'cli.cjs');
var toolchainNode = path.join(
  root,
  '.toolchain',
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'node.exe' : 'node',
);

function realpath(p) {
  try {
    return fs.realpathSync(p);
  } catch (e) {
    return null;
  }
}

function minimumNode() {
  try {
    var range = require(path.join(root, 'package.json')).engines.node;
    var m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
    if (m) return { version: [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)], text: range };
  } catch (e) {
    /* no package.json beside the bin: no check */
  }
  return null;
}

function reexec() {
  var child_process = require('child_process');
  var env = Object.assign({}, process.env, { KERBPROBE_REEXEC: '1' });
  // Its own process group (detached), so a Ctrl-C to the terminal's group reaches it once, through us,
  // not twice (the CLI's first SIGINT cancels a check and still prints the report; a second would kill it).
  // The handlers are in place before the child exists: a signal that comes while it is being started is
  // held and passed on once it is, so the bin never dies alone and leaves the re-run CLI behind.
  var child = null;
  var held = [];
  var signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
  var forward = {};
  function pass(sig) {
    try {
      child.kill(sig);
    } catch (e) {
      /* already gone */
    }
  }
  signals.forEach(function (sig) {
    forward[sig] = function () {
      if (child) pass(sig);
      else held.push(sig);
    };
    process.on(sig, forward[sig]);
  });
  // stdio 3 is an IPC channel the child watches: when this process dies, even by SIGKILL (no handler runs),
  // the kernel closes our end and the child sees it disconnect and ends too (watchParent below).
  child = child_process.spawn(toolchainNode, process.execArgv.concat([__filename], process.argv.slice(2)), {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: env,
    detached: process.platform !== 'win32',
  });
  held.forEach(pass);
  child.on('error', function (err) {
    process.stderr.write('kerbprobe: cannot start ' + toolchainNode + ': ' + err.message + '\n');
    process.exit(2);
  });
  child.on('exit', function (code, signal) {
    signals.forEach(function (sig) {
      process.removeListener(sig, forward[sig]);
    });
    if (signal)
      process.kill(process.pid, signal); // die the way the child died
    else process.exit(code === null ? 2 : code);
  });
}

/**
 * In the re-run CLI: the bin that started it is gone when the IPC channel from it disconnects (a SIGKILL
 * leaves the CLI no other sign: it runs in its own process group). End the way a SIGTERM ends it (a check is
 * cancelled), and for certain shortly after. The channel does not keep the CLI running.
 */
function watchParent() {
  if (!process.env.KERBPROBE_REEXEC || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', function () {
    setTimeout(function () {
      process.exit(143);
    }, 2000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}

var here = realpath(process.execPath);
var preferred = realpath(toolchainNode);
if (preferred && here !== preferred && !process.env.KERBPROBE_REEXEC) {
  reexec();
} else {
  var min = minimumNode();
  var v = process.versions.node.split('.').map(Number);
  var older = false;
  if (min)
    for (var i = 0; i < 3; i++)
      if (v[i] !== min.version[i]) {
        older = v[i] < min.version[i];
        break;
      }
  if (older) {
    process.stderr.write(
      'kerbprobe: needs Node ' +
        min.text +
        ' (package.json engines); this is Node ' +
        process.versions.node +
        ' at ' +
        process.execPath +
        ' — run `npm run setup`, or use a newer node.\n',
    );
    process.exit(2);
  }
  watchParent();
  // A native Kerberos call that outlives its budget is abandoned but keeps a libuv worker until MIT gives up
  // (~27 s against a silent KDC); more workers keep DNS and file reads from queueing behind it.
  process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '8';
  if (!fs.existsSync(bundle)) {
    process.stderr.write(
      'kerbprobe: not built yet — run `npm run setup` (or `npm run build`) in the checkout first.\n',
    );
    process.exit(2);
  }
  if (process.env.KERBPROBE_SOURCE_MAPS === '1' && typeof process.setSourceMapsEnabled === 'function')
    // The bundle is minified: for debugging, its linked source map puts stack traces back in the
    // TypeScript sources.
    process.setSourceMapsEnabled(true);
  // Most of a cold start is V8 compiling the bundle: Node's own compile cache (Node >= 22.1) keeps the compiled
  // code between runs (in NODE_COMPILE_CACHE, else the temporary directory; a cache that cannot be written or
  // read only costs speed). Against a V8 code cache written at build time with three builds of the CLI, it cost
  // 3-8 % more for a cold check, `--version` and the fleet view (alternating cold runs on a quiet machine), so
  // the build writes none.
  var nodeModule = require('module');
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      nodeModule.enableCompileCache();
    } catch (e) {
      /* no cache: the CLI compiles from source */
    }
  }
  require(bundle);
}
