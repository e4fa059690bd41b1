// Real Kerberos for SQL tests: a throwaway lab (MIT KDCs, the signed-in user's TGT) and the native
// binding. Hostile peers listen on their own ports, so the factory asks for the ticket of the lab's SPN
// (MSSQLSvc/<fqdn>:<lab port>) whatever port the peer has: the token is real, only the peer is fake.
import type { LabInfo } from '../../../electron/lab/lab';
import { createBindingContext } from '../../../electron/engine/kerberos/binding';
import type { SecurityContextFactory } from '../../../electron/engine/kerberos/security-context';
import { startTestLab } from '../../lab/lab-helpers';

export interface LabKerberos {
  lab: LabInfo;
  /** Real GSSAPI contexts as the lab user; `pinPort` maps every target to the lab's SPN port. */
  factory(pinPort?: boolean): SecurityContextFactory;
  /** The lab TDS server's log (ERRORLOG-shaped) so far. */
  log(): string;
  stop(): Promise<void>;
}

export async function startLabKerberos(scenario = 'healthy'): Promise<LabKerberos> {
  const { info: lab, stop, log } = await startTestLab(scenario);
  const env = { KRB5_CONFIG: lab.env.KRB5_CONFIG, KRB5CCNAME: lab.env.KRB5CCNAME };
  return {
    lab,
    factory:
      (pinPort = false) =>
      async (t) =>
        createBindingContext({ host: pinPort ? lab.server : t.host, port: pinPort ? lab.port : t.port }, { env }),
    log,
    stop,
  };
}
