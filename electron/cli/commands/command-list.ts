// The sub-commands, in the order `kerbprobe --help` lists them. A new command is one file here exporting
// `register` (its options and description: commander and cheap parsers only) and one line below. Whatever
// an action runs loads when it runs: the engine API loads inside each method, and a command's own views
// (the live step list, the fleet view) are imported inside its action, so --help and --version load neither.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { register as check } from './check-command';
import { register as tickets } from './tickets-command';
import { register as analyze } from './analyze-command';
import { register as collect } from './collect-command';
import { register as lab } from './lab-command';
import { register as history } from './history-command';
import { register as admin } from './admin-command';

export type RegisterCommand = (program: Command, cli: CliContext) => void;

export const commands: readonly RegisterCommand[] = [check, tickets, analyze, collect, history, admin, lab];
