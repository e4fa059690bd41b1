// Where `kerbprobe admin` signs in and what it reads: the public cloud's endpoints by default; another cloud's,
// or the lab's Azure emulator, through the environment. Each value is an HTTPS origin (a path is kept for an
// emulator that serves several services under one origin).
import { readFileSync } from 'node:fs';
import type { AdminSignInMethod } from '../../contract/admin';
import { readClientId, readTenant } from '../../contract/admin-input';
import { UsageError } from '../errors';
import { MAX_INPUT_BYTES } from '../../contract/limits';

/** The variables that point `kerbprobe admin` somewhere else than Azure's public cloud (the lab sets them). */
export const ADMIN_ENV = {
  authorityHost: 'KERBPROBE_AZURE_AUTHORITY_HOST',
  arm: 'KERBPROBE_AZURE_ARM_ENDPOINT',
  graph: 'KERBPROBE_AZURE_GRAPH_ENDPOINT',
  caFile: 'KERBPROBE_AZURE_CA_FILE',
  clientId: 'KERBPROBE_AZURE_CLIENT_ID',
  tenant: 'KERBPROBE_AZURE_TENANT_ID',
  /** A sovereign cloud's token scopes (`https://management.usgovcloudapi.net/.default`); the public cloud's by default. */
  armScope: 'KERBPROBE_AZURE_ARM_SCOPE',
  graphScope: 'KERBPROBE_AZURE_GRAPH_SCOPE',
} as const;

/** Azure's public cloud (https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud). */
export const PUBLIC_CLOUD = {
  authorityHost: 'https://login.microsoftonline.com',
  arm: 'https://management.azure.com',
  graph: 'https://graph.microsoft.com',
} as const;

export interface AdminEndpoints {
  authorityHost: string;
  arm: string;
  graph: string;
  /**
   * The token scopes: the public cloud's resources (`https://management.azure.com/.default`,
   * `https://graph.microsoft.com/.default`) wherever the requests go, unless the environment names others.
   */
  armScope: string;
  graphScope: string;
  /** PEM trust anchors added to the system's (the lab's CA); null: the system's only. */
  ca: string | null;
}

export interface AdminSettings {
  method: AdminSignInMethod;
  /** `organizations` (any work account's home tenant) unless a tenant id or domain is given. */
  tenant: string;
  /** The organisation's public-client app registration; undefined: the identity library's default client. */
  clientId: string | undefined;
  endpoints: AdminEndpoints;
}

function httpsBase(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`${name} must be an https:// URL (${url.origin})`);
  return url.href.replace(/\/+$/, '');
}

export interface AdminSettingsInput {
  method?: AdminSignInMethod;
  tenant?: string;
  clientId?: string;
}

/** The settings of one run: the caller's choices over the environment's, over the public cloud's defaults. */
export function adminSettings(input: AdminSettingsInput, env: NodeJS.ProcessEnv): AdminSettings {
  // The one reading of both (contract/admin-input.ts), the same the app's form and admin:run apply.
  const tenant = readTenant(input.tenant ?? env[ADMIN_ENV.tenant] ?? 'organizations', '--tenant');
  if (!tenant.ok) throw new UsageError(tenant.message, tenant.code);
  const givenClient = input.clientId ?? env[ADMIN_ENV.clientId];
  const client = givenClient === undefined ? undefined : readClientId(givenClient, '--client-id');
  if (client && !client.ok) throw new UsageError(client.message, client.code);
  const arm = httpsBase(env[ADMIN_ENV.arm] ?? PUBLIC_CLOUD.arm, ADMIN_ENV.arm);
  const graph = httpsBase(env[ADMIN_ENV.graph] ?? PUBLIC_CLOUD.graph, ADMIN_ENV.graph);
  const caFile = env[ADMIN_ENV.caFile];
  return {
    method: input.method ?? 'device-code',
    tenant: tenant.value,
    clientId: client?.value,
    endpoints: {
      authorityHost: httpsBase(env[ADMIN_ENV.authorityHost] ?? PUBLIC_CLOUD.authorityHost, ADMIN_ENV.authorityHost),
      arm,
      graph,
      armScope: env[ADMIN_ENV.armScope] ?? `${PUBLIC_CLOUD.arm}/.default`,
      graphScope: env[ADMIN_ENV.graphScope] ?? `${PUBLIC_CLOUD.graph}/.default`,
      ca: caFile ? readCa(caFile) : null,
    },
  };
}

function readCa(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${ADMIN_ENV.caFile}: cannot read ${path}`, 'INPUT_CA_UNREADABLE');
  }
  if (pem.length > MAX_INPUT_BYTES.caFile || !pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`${ADMIN_ENV.caFile}: ${path} is not a PEM certificate file`, 'INPUT_CA_NOT_PEM');
  return pem;
}
