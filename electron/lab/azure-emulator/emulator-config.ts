// What the lab hands the Azure emulator process (DIR/azure-emulator.json): where to listen, its certificate,
// the lab tenant and the scenario's tenant facet. The certificate's key and the client secret make the file
// private (mode 0600), like the lab's other secrets.
import type { TenantFacet } from '../lab-types';
import type { LabTenant } from './lab-tenant';

export interface AzureEmulatorConfig {
  host: string;
  /** 0: a free port, chosen when the server binds. */
  port: number;
  certPem: string;
  keyPem: string;
  /** The request log (JSON lines): method, path, api-version, status. Never a header, a body or a token. */
  logFile: string;
  tenant: LabTenant;
  facet: TenantFacet;
  /** The client secret ClientSecretCredential may use for the lab's app registration. */
  clientSecret: string;
  /** The tenant's MS-KKDCP URL for `kerberos_endpoint` in the discovery document, when the lab serves one. */
  kerberosEndpoint?: string;
  /** Seconds between device-code polls the emulator asks for (Entra's default is 5; the lab's is 1). */
  deviceCodeInterval?: number;
  /** Access token lifetime, seconds. */
  tokenLifetimeSeconds?: number;
}
