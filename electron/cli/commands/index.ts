// The sub-commands, in the order `kerbprobe --help` lists them. A new command is one file here exporting
// `register` (its options and description: commander and cheap parsers only) and one line below. To keep
// every start-up fast, whatever its action runs is loaded inside the action with `await import(…)` (see
// check.ts's loadEngine): a static import of the engine here would be paid by every command and --help.
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { register as check } from './check';
import { register as tickets } from './tickets';
import { register as analyze } from './analyze';
import { register as collect } from './collect';
import { register as lab } from './lab';
import { register as history } from './history';

export type RegisterCommand = (program: Command, cli: CliContext) => void;

export const commands: readonly RegisterCommand[] = [check, tickets, analyze, collect, history, lab];
