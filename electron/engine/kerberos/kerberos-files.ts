// The files MIT's GSSAPI library opens by itself, checked before the binding is called: every krb5.conf of
// KRB5_CONFIG (and what they include) and a FILE ticket cache (KRB5CCNAME, else /tmp/krb5cc_<uid>). The
// library opens them blocking, on a thread of libuv's pool: a named pipe there waits for a writer for ever,
// which no budget can end (an abandoned call keeps its thread, and the process cannot exit). So a path that
// exists and is not a regular file is refused here with KERBEROS_FILE_UNUSABLE, which the judge reports as
// what it is. Windows (SSPI) reads neither variable.
import { statSync } from 'node:fs';
import type { DiagnosisCode } from '../../contract/codes';
import { KerbProbeError } from '../errors';
import { loadProfile } from '../net/krb5-profile';
import { fileTypeName } from '../read-bounded';
import { resolveCacheName } from '../tickets/current-cache';

const CODE: DiagnosisCode = 'KERBEROS_FILE_UNUSABLE';

/** What the FILE (or DIR) cache path is, when it exists and is not what MIT can open without waiting. */
function cacheProblem(env: NodeJS.ProcessEnv, uid: number): string | null {
  const cache = resolveCacheName(env, uid);
  if (cache.type !== 'FILE' && cache.type !== 'DIR') return null;
  // DIR:dir names a collection folder; DIR::path one cache file in it.
  const isDirCollection = cache.type === 'DIR' && !cache.residual.startsWith(':');
  const path = cache.type === 'DIR' ? cache.residual.replace(/^:/, '') : cache.residual;
  let st;
  try {
    st = statSync(path);
  } catch {
    return null; // missing: MIT says "no credentials cache found", which the judge already reads
  }
  if (isDirCollection ? st.isDirectory() : st.isFile()) return null;
  return `the ticket cache ${cache.name} (KRB5CCNAME) is ${fileTypeName(st)}, not a ${
    isDirCollection ? 'folder' : 'regular file'
  }`;
}

/** Throws KERBEROS_FILE_UNUSABLE when a file the library would open is not a regular file. */
export function assertKerberosFilesUsable(
  env: NodeJS.ProcessEnv,
  uid: number = process.getuid ? process.getuid() : 0,
): void {
  const problems = loadProfile(env).notRegular.map((path) => {
    let kind = 'not a regular file';
    try {
      kind = fileTypeName(statSync(path));
    } catch {
      /* gone meanwhile: the generic words */
    }
    return `the Kerberos configuration ${path} (KRB5_CONFIG) is ${kind}, not a regular file`;
  });
  const cache = cacheProblem(env, uid);
  if (cache) problems.push(cache);
  if (problems.length)
    throw new KerbProbeError(
      CODE,
      `Kerberos was not started: ${problems.join('; ')}. The Kerberos library would wait on it for ever.`,
    );
}
