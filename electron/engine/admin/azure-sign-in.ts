// Signing in the helpdesk or Azure administrator with the standard Azure identity library (@azure/identity):
// - `device-code` (DeviceCodeCredential): the sign-in prompt ("To sign in, use a web browser to open … and enter
//   the code …") goes to `onPrompt`, neutralised — the CLI writes it to stderr, so stdout stays the report;
// - `azure-cli` (AzureCliCredential): the token of `az login`'s session, no prompt.
// On Windows the WAM broker would let the helpdesk's own Entra session sign in silently: that is
// @azure/identity-broker (`useIdentityPlugin(nativeBrokerPlugin)`, then InteractiveBrowserCredential with
// `brokerOptions: { enabled: true, parentWindowHandle, useDefaultBrokerAccount: true }` and the redirect URI
// `ms-appx-web://Microsoft.AAD.BrokerPlugin/{client_id}` on the app registration). It is not a dependency of this
// build, so it is not offered; docs/admin.md says how it plugs in here (one more method beside these two).
// Tokens stay inside this module and azure-http.ts: they are never returned to a caller that writes anything.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/core-auth';
import { KerbProbeError } from '../errors';
import { sanitizeEvidenceText } from '../diagnose/evidence-text';
import { PUBLIC_CLOUD, type AdminSettings } from './admin-config';
import type { AdminRunOptions } from '../../contract/engine';

/** A token for a scope, when a check asks for one. */
type IdentityModule = typeof import('./identity-module');

export type TokenSource = (scope: string, signal?: AbortSignal) => Promise<string>;

export const SIGN_IN_CODES = { failed: 'ADMIN_SIGN_IN_FAILED' } as const;

/** The agent that trusts the lab's CA beside the system's, for the identity library and the checks alike. */
export function agentFor(settings: AdminSettings): Agent | undefined {
  const ca = settings.endpoints.ca;
  if (!ca) return undefined;
  return new Agent({ ca: [...rootCertificates, ca], keepAlive: false });
}

async function credentialFor(
  settings: AdminSettings,
  agent: Agent | undefined,
  onPrompt: AdminRunOptions['onPrompt'],
): Promise<TokenCredential> {
  // A bundle beside the CLI's (identity-module.ts); a CommonJS namespace may carry it as `default`.
  const loaded = (await import('./identity-module')) as IdentityModule & { default?: IdentityModule };
  const identity: IdentityModule = loaded.DeviceCodeCredential ? loaded : (loaded.default ?? loaded);
  const { authorityHost } = settings.endpoints;
  const common = {
    // A cloud other than the public one (or the lab's emulator) is not in Microsoft's instance discovery list.
    ...(authorityHost !== PUBLIC_CLOUD.authorityHost ? { disableInstanceDiscovery: true } : {}),
    authorityHost,
    ...(agent ? { agent } : {}),
  };
  if (settings.method === 'azure-cli')
    return new identity.AzureCliCredential({
      ...(settings.tenant !== 'organizations' ? { tenantId: settings.tenant } : {}),
    });
  return new identity.DeviceCodeCredential({
    ...common,
    tenantId: settings.tenant,
    ...(settings.clientId ? { clientId: settings.clientId } : {}),
    // The app shows only the page and the code (contract/ipc.ts's DeviceCodePromptSchema holds them to their shape).
    userPromptCallback: (info) => {
      // msal-node hands on the device authorization endpoint's answer without looking for an error in it
      // (@azure/msal-node DeviceCodeClient.executePostRequestToDeviceCodeEndpoint reads user_code, device_code,
      // verification_uri and message from the body, whatever the status): an error answer — an application
      // (client) id the tenant does not know (AADSTS700016), or one without public client flows — carries none
      // of the success answer's fields
      // (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code#device-authorization-response)
      // and arrives here as a prompt with no code.
      const answer = info as Partial<typeof info>;
      if (typeof answer.userCode !== 'string' || typeof answer.verificationUri !== 'string')
        throw new Error(
          'the sign-in service issued no device code: check the application (client) id (an app registration of ' +
            `the tenant ${settings.tenant}, with "Allow public client flows" on) and the tenant`,
        );
      onPrompt(sanitizeEvidenceText(answer.message ?? ''), {
        verificationUri: sanitizeEvidenceText(answer.verificationUri),
        userCode: sanitizeEvidenceText(answer.userCode),
      });
    },
  });
}

/** The token source of one run: the credential is made once; each scope's token is asked for when needed. */
export async function signIn(
  settings: AdminSettings,
  agent: Agent | undefined,
  onPrompt: AdminRunOptions['onPrompt'],
): Promise<TokenSource> {
  const credential = await credentialFor(settings, agent, onPrompt);
  return async (scope, signal) => {
    try {
      const token = await credential.getToken(scope, signal ? { abortSignal: signal } : {});
      if (!token) throw new Error('no token was issued');
      return token.token;
    } catch (err) {
      // The library's message may quote the authority's answer (AADSTS codes are what a helpdesk searches for);
      // it never holds the token. Neutralised and bounded like any outside text.
      const said = err instanceof Error ? err.message : String(err);
      throw new KerbProbeError(
        SIGN_IN_CODES.failed,
        `sign-in (${settings.method}) for ${scope} failed: ${sanitizeEvidenceText(said).slice(0, 400)}`,
      );
    }
  };
}
