// The sub-commands, in the order `kerbprobe --help` lists them.
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
