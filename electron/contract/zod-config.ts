// Imported first by each process entry that validates with zod (the CLI, the engine's utility process).
// zod compiles a specialised parser (`new Function`) the first time each object schema parses; a process
// that parses each schema a handful of times pays more for compiling than it saves: the first parse of a
// CheckReport takes 10–13 ms compiled and 3.5–5 ms without (issue 16). Same results either way.
import { z } from 'zod';

z.config({ jitless: true });
