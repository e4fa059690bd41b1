// Runs the kerbprobe CLI and reports its peak resident set size on stderr at exit (used by the benchmark).
'use strict';
process.on('exit', () => {
  process.stderr.write(`\nKERBPROBE_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
require('../bin/kerbprobe.cjs');
