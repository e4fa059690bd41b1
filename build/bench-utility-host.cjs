'use strict';
// Runs dist/engine-host.cjs as the app's utility process runs it, for the benchmark (which has no Electron):
// JSON lines on stdin/stdout stand in for Electron's `process.parentPort`. When stdin ends it reports its
// peak RSS on stderr and leaves.
const { createInterface } = require('node:readline');

const listeners = [];
process.parentPort = {
  on(event, listener) {
    if (event === 'message') listeners.push(listener);
  },
  postMessage(message) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  },
};
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const data = JSON.parse(line);
  for (const l of listeners) l({ data });
});
lines.on('close', () => {
  process.stderr.write(`KERBPROBE_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
  process.exit(0);
});
require('../dist/engine-host.cjs');
