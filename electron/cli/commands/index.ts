// Every sub-command registers itself here, one line each.
import type { Command } from 'commander';
import type { CliIo } from '../program';

export type RegisterCommand = (program: Command, io: CliIo) => void;

export const commands: RegisterCommand[] = [];
import { register as lab } from './lab'; commands.push(lab);
import { register as tickets } from './tickets'; commands.push(tickets);
import { register as analyze } from './analyze'; commands.push(analyze);
import { register as check } from './check'; commands.push(check);
