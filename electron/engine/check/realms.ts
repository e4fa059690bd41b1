// The realm the instance's SPN lives in: what krb5.conf's domain_realm (or Windows' KerbTopLevelNames)
// maps its host to, else Entra Kerberos.
import { CLOUD_REALM } from '../../contract/azure';
import type { Target } from '../../contract/index';

export interface RealmDeps {
  /** The realm the SPN's host maps to (krb5.conf domain_realm / Windows KerbTopLevelNames), if known. */
  realmForHost(host: string): string | null;
}

export function serviceRealm(target: Target, deps: RealmDeps): string {
  return deps.realmForHost(target.server) ?? CLOUD_REALM;
}
