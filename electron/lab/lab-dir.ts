// The lab directory: what lives where, and the two records `lab down` reads — lab.json (written once
// the lab is ready) and lab-processes.json (appended as each process starts, so even a `lab up` that
// was interrupted half-way can be cleaned up).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { KerbProbeError } from '../engine/errors';
import type { LabInfo, LabProcess } from './lab-types';
import { isRecordedProcessAlive } from './processes';
import { processAlive } from '../engine/process-alive';

export const LAB_JSON = 'lab.json';
export const PROCESSES_JSON = 'lab-processes.json';
export const SECRETS_JSON = 'lab-secrets.json';
/** Held while `lab up` runs in DIR, so two of them cannot build the same lab at once. */
export const START_LOCK = '.lab-up.lock';

export function labPaths(dir: string) {
  return {
    labJson: join(dir, LAB_JSON),
    processes: join(dir, PROCESSES_JSON),
    secrets: join(dir, SECRETS_JSON),
    clientKrb5Conf: join(dir, 'krb5.conf'),
    kdcKrb5Conf: join(dir, 'kdc-krb5.conf'),
    ccache: join(dir, 'ccache'),
    keytab: join(dir, 'sql.keytab'),
    hosts: join(dir, 'hosts'),
    /** The lab user's check history (KERBPROBE_HISTORY): a lab shell's checks never touch the real one. */
    history: join(dir, 'history.jsonl'),
    caFile: join(dir, 'ca.pem'),
    onpremDir: join(dir, 'onprem'),
    cloudDir: join(dir, 'cloud'),
    proxyDir: join(dir, 'kdc-proxy'),
    blackholeLog: join(dir, 'blackhole.log'),
  };
}

function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode });
  renameSync(tmp, file);
}

export function writeLabJson(dir: string, info: LabInfo): void {
  writeJsonAtomic(labPaths(dir).labJson, info);
}

export function writeSecrets(dir: string, secrets: unknown): void {
  writeJsonAtomic(labPaths(dir).secrets, secrets, 0o600);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KerbProbeError('LAB_STATE_CORRUPT', `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Reads DIR/lab.json as `lab up` wrote it. */
export function readLabInfo(dir: string): LabInfo {
  const v = readJson(labPaths(dir).labJson);
  if (v === undefined)
    throw new KerbProbeError('LAB_NOT_FOUND', `no lab in ${dir} (run \`kerbprobe lab up --dir ${dir}\`)`);
  if (typeof v !== 'object' || v === null || !Array.isArray((v as LabInfo).pids)) {
    throw new KerbProbeError('LAB_STATE_CORRUPT', `${labPaths(dir).labJson} is not a lab description`);
  }
  return v as LabInfo;
}

function isLabProcess(p: unknown): p is LabProcess {
  const o = p as LabProcess;
  return (
    typeof o === 'object' &&
    o !== null &&
    Number.isInteger(o.pid) &&
    o.pid > 1 &&
    typeof o.role === 'string' &&
    (o.startTicks === null || Number.isInteger(o.startTicks))
  );
}

/** Every process any record in DIR names (lab.json and the start-up log), deduplicated. */
export function recordedProcesses(dir: string): LabProcess[] {
  const p = labPaths(dir);
  const fromLog = readJson(p.processes);
  const fromInfo = readJson(p.labJson) as Partial<LabInfo> | undefined;
  const all = [
    ...(Array.isArray(fromLog) ? fromLog : []),
    ...(Array.isArray(fromInfo?.processes) ? fromInfo.processes : []),
  ];
  const byPid = new Map<number, LabProcess>();
  for (const proc of all) if (isLabProcess(proc)) byPid.set(proc.pid, proc);
  return [...byPid.values()];
}

export function recordProcess(dir: string, proc: LabProcess): void {
  const file = labPaths(dir).processes;
  const prev = readJson(file);
  writeJsonAtomic(file, [...(Array.isArray(prev) ? prev : []), proc]);
}

/**
 * Makes DIR ready for a new lab: creates it, or empties it when it holds a previous lab whose processes
 * are all gone. Refuses a directory with a running lab, or one with files that are not a lab's.
 */
export function prepareLabDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entries = readdirSync(dir).filter((e) => e !== START_LOCK);
  if (entries.length === 0) return;
  const isLab =
    existsSync(join(dir, LAB_JSON)) || existsSync(join(dir, PROCESSES_JSON)) || existsSync(join(dir, SECRETS_JSON));
  if (!isLab) {
    throw new KerbProbeError(
      'LAB_DIR_NOT_EMPTY',
      `${dir} is not empty and holds no lab; choose an empty or new directory`,
    );
  }
  const alive = recordedProcesses(dir).filter(isRecordedProcessAlive);
  if (alive.length > 0) {
    throw new KerbProbeError(
      'LAB_RUNNING',
      `a lab is running in ${dir} (pids ${alive.map((p) => p.pid).join(', ')}); run \`kerbprobe lab down --dir ` +
        `${dir}\` first`,
    );
  }
  for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
}

/** Takes DIR's start lock (a stale one, left by a `lab up` that died, is taken over); returns its release. */
export function acquireStartLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, START_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new KerbProbeError('LAB_BUSY', `another \`lab up\` (pid ${holder}) is starting a lab in ${dir}`);
      }
      if (holder === process.pid) {
        throw new KerbProbeError('LAB_BUSY', `a lab is already being started in ${dir} by this process`);
      }
      unlinkSync(file);
    }
  }
  throw new KerbProbeError('LAB_BUSY', `cannot lock ${dir} for lab up`);
}
