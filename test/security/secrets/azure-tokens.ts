// The lab's Azure emulator as a source of secrets for the scans: tokens it really issued to the real client
// library (each as a secret, and its signature part on its own, since a partial dump leaks it as well), and any
// text in the shape of the emulator's tokens, issued in this run or not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientSecretCredential, DeviceCodeCredential } from '@azure/identity';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../../electron/lab/azure-emulator/emulator-tokens';
import type { LabInfo } from '../../../electron/lab/lab-types';
import type { Finding, Secret } from './secret-scan';

/** Signs in to the lab's emulator as a client would (device code, and the lab app's secret) and returns the tokens. */
export async function labAzureTokens(info: LabInfo): Promise<Secret[]> {
  const { env } = info;
  const labSecrets = JSON.parse(readFileSync(join(info.dir, 'lab-secrets.json'), 'utf8')) as {
    azure?: { clientSecret: string };
  };
  const clientSecret = labSecrets.azure?.clientSecret;
  if (!env.KERBPROBE_AZURE_AUTHORITY_HOST || !env.KERBPROBE_AZURE_TENANT_ID || !env.KERBPROBE_AZURE_CLIENT_ID)
    return [];
  const options = {
    authorityHost: env.KERBPROBE_AZURE_AUTHORITY_HOST,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: readFileSync(env.KERBPROBE_AZURE_CA_FILE ?? info.caFile, 'utf8') },
  };
  const tenantId = env.KERBPROBE_AZURE_TENANT_ID;
  const clientId = env.KERBPROBE_AZURE_CLIENT_ID;
  const device = new DeviceCodeCredential({ ...options, tenantId, clientId, userPromptCallback: () => undefined });
  const tokens = [
    (await device.getToken('https://graph.microsoft.com/.default')).token,
    (await device.getToken('https://management.azure.com/.default')).token,
  ];
  if (clientSecret)
    tokens.push(
      (
        await new ClientSecretCredential(tenantId, clientId, clientSecret, options).getToken(
          'https://graph.microsoft.com/.default',
        )
      ).token,
    );
  return tokens.flatMap((token, i) => [
    { label: `Azure emulator token ${i + 1}`, text: token },
    { label: `Azure emulator token ${i + 1} (signature)`, text: token.split('.')[2] ?? token },
  ]);
}

/** Any text shaped like a token of the emulator (an access or ID token, a refresh token, a device code). */
export function tokenShapes(where: string, text: string): Finding[] {
  return [LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN].flatMap((pattern) =>
    [...text.matchAll(new RegExp(pattern.source, 'g'))].map(() => ({
      secret: 'a token of the Azure emulator',
      form: 'token shape',
      where,
    })),
  );
}
