// Process entry of the `kerbprobe` command (bundled to dist/cli.cjs, which bin/kerbprobe.cjs runs).
import '../contract/zod-config';
import { createEngineApi } from '../engine/api/engine-api';
import { processIo } from './cli-context';
import { runCli } from './program';

const engine = createEngineApi({ now: processIo.now });

runCli(process.argv.slice(2), processIo, engine).then(
  (code) => {
    process.exitCode = code;
    // A native call abandoned at its budget would hold the process open until the library gives up
    // (MIT waits ~27 s on a silent KDC). The verdict is out: flush and leave.
    if (engine.abandonedCalls() > 0) process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (err: unknown) => {
    process.stderr.write(`kerbprobe: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
