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
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { KerbProbeError } from '../errors';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import { sanitizeEvidenceText } from '../diagnose/evidence-text';
import { raceSignal, startBudget } from '../net/budget';
import { PUBLIC_CLOUD, type AdminSettings } from './admin-config';
import type { AdminRunOptions } from '../../contract/engine';

/** A token for a scope, when a check asks for one. */
type IdentityModule = typeof import('./identity-module');

export type TokenSource = (scope: string, signal?: AbortSignal) => Promise<string>;

export const SIGN_IN_CODES = {
  /** The sign-in service refused, or the identity library failed otherwise (its words, neutralised, follow). */
  failed: 'ADMIN_SIGN_IN_FAILED',
  /** `--sign-in azure-cli`, and the Azure CLI has no signed-in account (or not for the tenant asked for). */
  azLoginRequired: 'ADMIN_AZ_LOGIN_REQUIRED',
  /** `--sign-in azure-cli`, and there is no `az` on PATH. */
  azCliNotFound: 'ADMIN_AZ_CLI_NOT_FOUND',
  /** `--sign-in azure-cli`, and `az account get-access-token` gave no answer within AZURE_CLI_TIMEOUT_MS. */
  azCliTimeout: 'ADMIN_AZ_CLI_TIMEOUT',
} as const;

/**
 * How long `az account get-access-token` may take: a Python start-up and, when its token is old, one request to
 * the sign-in service. AzureCliCredential sets no limit of its own (processTimeoutInMs unset: none), so a stalled
 * `az` held the read — and the CLI's Ctrl-C, which only aborts the read — for ever.
 */
export const AZURE_CLI_TIMEOUT_MS = 60_000;

/**
 * The two CredentialUnavailableError messages of @azure/identity 4.14.1's AzureCliCredential
 * (dist/commonjs/credentials/azureCliCredential.js, azureCliPublicErrorMessages, not exported by the package):
 * `login` when `az` wrote "az login" to stderr — what it says before `az login`: "ERROR: Please run 'az login' to
 * setup account." (azure-cli's _profile.py) —, `notInstalled` when `az` could not be started (ENOENT) or the shell
 * said it is not there. test/engine/admin/azure-sign-in.test.ts holds them to the installed library's text.
 */
export const AZURE_CLI_MESSAGES = {
  login: "Please run 'az login' from a command prompt to authenticate before using this credential.",
  notInstalled:
    'Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, ' +
    "once installed, authenticate to your Azure account using 'az login'.",
} as const;

/** A sign-in failure as the helpdesk should read it: what to do for the Azure CLI's two known states. */
export function signInError(settings: Pick<AdminSettings, 'method' | 'tenant'>, scope: string, err: unknown) {
  if (err instanceof KerbProbeError) return err;
  const said = err instanceof Error ? err.message : String(err);
  if (settings.method === 'azure-cli' && err instanceof Error && err.name === 'CredentialUnavailableError') {
    const tenant = settings.tenant !== 'organizations' ? ` --tenant ${settings.tenant}` : '';
    if (said === AZURE_CLI_MESSAGES.login)
      return new KerbProbeError(
        SIGN_IN_CODES.azLoginRequired,
        `the Azure CLI has no signed-in account${tenant ? ` for the tenant ${settings.tenant}` : ''}: sign in with ` +
          `\`az login${tenant}\` first, then run this again (or use --sign-in device-code)`,
      );
    if (said === AZURE_CLI_MESSAGES.notInstalled)
      return new KerbProbeError(
        SIGN_IN_CODES.azCliNotFound,
        'the Azure CLI (`az`) was not found on PATH: install it ' +
          '(https://learn.microsoft.com/en-us/cli/azure/install-azure-cli) and sign in with `az login`, or use ' +
          '--sign-in device-code',
      );
  }
  // The library's message may quote the authority's answer (AADSTS codes are what a helpdesk searches for), or
  // `az`'s stderr; it never holds the token. Neutralised and bounded like any outside text.
  return new KerbProbeError(
    SIGN_IN_CODES.failed,
    `sign-in (${settings.method}) for ${scope} failed: ${sanitizeEvidenceText(said).slice(0, 400)}`,
  );
}

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
      // The library ends the `az` process a little after tokenSource has given up on it.
      processTimeoutInMs: AZURE_CLI_TIMEOUT_MS + 5_000,
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

/**
 * A token is asked for again this long before it ends: the window Azure's own clients use
 * (@azure/core-rest-pipeline util/tokenCycler.js, DEFAULT_CYCLER_OPTIONS.refreshWindowInMs: 2 minutes).
 */
export const TOKEN_REFRESH_WINDOW_MS = 2 * 60_000;

/**
 * The token source over a credential: each scope's token is asked for once and serves every request of the run
 * until it is within TOKEN_REFRESH_WINDOW_MS of its end (by the run's clock). AzureCliCredential keeps no tokens:
 * without this each request of a read started one `az` process. Requests that ask at once share one answer; a
 * failed one is not kept.
 */
export function tokenSource(
  credential: TokenCredential,
  settings: Pick<AdminSettings, 'method' | 'tenant'>,
  now: () => Date,
  limits: { azureCliTimeoutMs?: number } = {},
): TokenSource {
  const held = new Map<string, Promise<AccessToken>>();
  // The device code waits for a person (the code lives 15 minutes): only the Azure CLI's answer is timed.
  const timeoutMs = settings.method === 'azure-cli' ? (limits.azureCliTimeoutMs ?? AZURE_CLI_TIMEOUT_MS) : null;
  const ask = async (scope: string, signal?: AbortSignal): Promise<AccessToken> => {
    try {
      const token = await bounded(credential.getToken(scope, signal ? { abortSignal: signal } : {}), signal, timeoutMs);
      if (!token) throw new Error('no token was issued');
      return token;
    } catch (err) {
      throw signInError(settings, scope, err);
    }
  };
  return async (scope, signal) => {
    const kept = held.get(scope);
    if (kept) {
      const token = await kept;
      if (token.expiresOnTimestamp - TOKEN_REFRESH_WINDOW_MS > now().getTime()) return token.token;
    }
    const asking = ask(scope, signal);
    held.set(scope, asking);
    asking.catch(() => {
      if (held.get(scope) === asking) held.delete(scope);
    });
    return (await asking).token;
  };
}

/**
 * The credential's answer, or CANCELLED when the read is cancelled (AzureCliCredential does not pass the signal on
 * to `az`), or ADMIN_AZ_CLI_TIMEOUT after `timeoutMs`: the probes' budget (net/budget.ts) over the read's signal.
 */
async function bounded<T>(asking: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number | null): Promise<T> {
  const budget = timeoutMs === null ? null : startBudget(timeoutMs, signal);
  const stop = budget?.signal ?? signal;
  if (!stop) return asking;
  try {
    return await raceSignal(asking, stop, () =>
      budget?.timedOut()
        ? new KerbProbeError(
            SIGN_IN_CODES.azCliTimeout,
            `the Azure CLI (\`az account get-access-token\`) gave no answer within ${(timeoutMs ?? 0) / 1000} s: ` +
              'run it yourself to see what it waits for, or use --sign-in device-code',
          )
        : new KerbProbeError(IPC_ERROR_CODES.cancelled, 'the sign-in was cancelled'),
    );
  } finally {
    budget?.dispose();
  }
}

/** The token source of one run: the credential is made once; each scope's token is asked for when needed. */
export async function signIn(
  settings: AdminSettings,
  agent: Agent | undefined,
  onPrompt: AdminRunOptions['onPrompt'],
  now: () => Date,
): Promise<TokenSource> {
  return tokenSource(await credentialFor(settings, agent, onPrompt), settings, now);
}
