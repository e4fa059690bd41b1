// The cloud user signed in, as on an Entra-joined Windows device (the cloud TGT): both halves of the Windows lane
// use it for the scenarios whose lab user is alice of the on-premises realm (spn-missing).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUD_REALM } from '../../electron/contract/azure';
import type { Lab } from '../lab/lab-helpers';

export /**
 * Signs the cloud user in inside `lab` with a krb5.conf of the lab whose default realm is the cloud realm
 * (what an Entra-joined Windows device has: the cloud TGT). Used for spn-missing, whose lab user is alice.
 */
function cloudLogon(lab: Lab): { KRB5_CONFIG: string; KRB5CCNAME: string } {
  const conf = join(lab.dir, 'krb5-cloud-user.conf');
  writeFileSync(
    conf,
    readFileSync(lab.info.env.KRB5_CONFIG, 'utf8').replace(/default_realm = .*/, `default_realm = ${CLOUD_REALM}`),
  );
  const ccache = join(lab.dir, 'ccache-cloud-user');
  const secrets = JSON.parse(readFileSync(join(lab.dir, 'lab-secrets.json'), 'utf8')) as {
    users: Record<string, string>;
  };
  const bob = `bob@${CLOUD_REALM}`;
  execFileSync('kinit', [bob], {
    input: `${secrets.users[bob]}\n`,
    env: { PATH: process.env.PATH, LC_ALL: 'C', KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${ccache}` },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return { KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${ccache}` };
}
