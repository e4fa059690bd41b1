// The Microsoft identity platform's endpoints that MSAL (under @azure/identity) calls: the OpenID configuration
// document (entra-docs v2-protocols-oidc.md), instance discovery (what msal-common reads from
// `/common/discovery/instance` when instance discovery is on), the device authorization request and the token
// endpoint (entra-docs v2-oauth2-device-code.md), and the client-credentials grant for unattended tests.
// The device flow signs the lab's helpdesk account in without a browser: the first poll is answered
// `authorization_pending` (as a user still typing the code would be), the next one with tokens.
import { newDeviceCode, ARM_AUDIENCE, GRAPH_AUDIENCE, type AccessClaims, type Audience } from './emulator-tokens';
import { oauthError, type ErrorAnswer } from './emulator-errors';
import type { EmulatorContext, EmulatorRequest, Answer } from './emulator-context';

/** Delegated Graph permissions the lab's app registration holds, before the scenario withholds any. */
export const LAB_GRAPH_PERMISSIONS = ['Application.Read.All', 'Policy.Read.All', 'AuditLog.Read.All'] as const;
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** RFC 8628's grant type (Microsoft's page) and the short form MSAL sends; the identity platform takes both. */
const DEVICE_CODE_GRANTS = new Set(['urn:ietf:params:oauth:grant-type:device_code', 'device_code']);
const DEVICE_CODE_LIFETIME_S = 900;
const TENANT_ENDPOINT = new RegExp(
  '^/([^/]+)/(v2\\.0/\\.well-known/openid-configuration|discovery/v2\\.0/keys|oauth2/v2\\.0/(?:devicecode|token))$',
);

/** The Graph permissions the signed-in account holds in this scenario. */
export function grantedGraphPermissions(ctx: EmulatorContext): string[] {
  const withheld = new Set((ctx.config.facet.withhold ?? []).map((w) => w.replace(/^graph:/, '')));
  return LAB_GRAPH_PERMISSIONS.filter((permission) => !withheld.has(permission));
}

function tenantOk(ctx: EmulatorContext, tenant: string): boolean {
  return tenant === ctx.config.tenant.tenantId || tenant === 'organizations' || tenant === 'common';
}

function openIdConfiguration(ctx: EmulatorContext, tenant: string): Answer {
  const base = ctx.base;
  const issuerTenant = tenant === ctx.config.tenant.tenantId ? tenant : '{tenantid}';
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'preferred_username', 'name', 'tid'],
      // Entra's document names the tenant's MS-KKDCP endpoint (a real one, logged in Azure/azure-cli issue 33062).
      ...(ctx.config.kerberosEndpoint ? { kerberos_endpoint: ctx.config.kerberosEndpoint } : {}),
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    },
  };
}

function instanceDiscovery(ctx: EmulatorContext, url: URL): Answer {
  const host = new URL(ctx.base).host;
  const authorize = url.searchParams.get('authorization_endpoint') ?? '';
  const tenant = /\/([^/]+)\/oauth2\//.exec(authorize)?.[1] ?? 'common';
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${ctx.base}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

/** The audience of the resource scope among SCOPES (`https://graph.microsoft.com/.default` → Graph). */
function audienceOf(scopes: string[]): Audience | 'unknown' {
  const resource = scopes.find((scope) => !OIDC_SCOPES.has(scope));
  if (resource === undefined) return GRAPH_AUDIENCE;
  try {
    const origin = new URL(resource).origin;
    if (origin === ARM_AUDIENCE || origin === GRAPH_AUDIENCE) return origin;
  } catch {
    // not a URL: a bare Graph permission name such as User.Read
    return GRAPH_AUDIENCE;
  }
  return 'unknown';
}

function deviceCodeRequest(ctx: EmulatorContext, form: URLSearchParams): Answer | ErrorAnswer {
  const clientId = form.get('client_id') ?? '';
  if (clientId !== ctx.config.tenant.client.appId) return unknownClient(ctx, clientId);
  const { deviceCode, userCode } = newDeviceCode();
  ctx.deviceFlows.set(deviceCode, {
    clientId,
    scopes: (form.get('scope') ?? '').split(' ').filter(Boolean),
    expiresAt: ctx.now() + DEVICE_CODE_LIFETIME_S * 1000,
    polls: 0,
  });
  const verificationUri = `${ctx.base}/devicelogin`;
  return {
    status: 200,
    body: {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: DEVICE_CODE_LIFETIME_S,
      interval: ctx.config.deviceCodeInterval ?? 1,
      message:
        `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to ` +
        'authenticate.',
    },
  };
}

function unknownClient(ctx: EmulatorContext, clientId: string): ErrorAnswer {
  return oauthError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${ctx.config.tenant.tenantId}'.`,
    ctx.now(),
  );
}

/** The token answer for the signed-in helpdesk account (a user token) for SCOPES. */
function userTokens(ctx: EmulatorContext, clientId: string, scopes: string[]): Answer | ErrorAnswer {
  const aud = audienceOf(scopes);
  if (aud === 'unknown') {
    const resource = scopes.find((scope) => !OIDC_SCOPES.has(scope)) ?? '';
    return oauthError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${ctx.config.tenant.tenantId}.`,
      ctx.now(),
    );
  }
  const { tenant } = ctx.config;
  const permissions = aud === GRAPH_AUDIENCE ? grantedGraphPermissions(ctx) : ['user_impersonation'];
  const claims: AccessClaims = {
    aud,
    tid: tenant.tenantId,
    oid: tenant.user.objectId,
    appid: clientId,
    scp: permissions,
    upn: tenant.user.upn,
    name: tenant.user.displayName,
  };
  const lifetime = ctx.config.tokenLifetimeSeconds ?? 3599;
  const clientInfo = Buffer.from(JSON.stringify({ uid: tenant.user.objectId, utid: tenant.tenantId })).toString(
    'base64url',
  );
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      scope: [...scopes.filter((scope) => !OIDC_SCOPES.has(scope)), ...permissions.map((p) => `${aud}/${p}`)].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: ctx.tokens.issueAccess(claims, lifetime),
      ...(scopes.includes('offline_access') ? { refresh_token: ctx.tokens.issueRefresh(claims) } : {}),
      ...(scopes.includes('openid')
        ? {
            id_token: ctx.tokens.issueIdToken({
              aud: clientId,
              tid: tenant.tenantId,
              oid: tenant.user.objectId,
              upn: tenant.user.upn,
              name: tenant.user.displayName,
            }),
          }
        : {}),
      client_info: clientInfo,
    },
  };
}

function deviceCodeGrant(ctx: EmulatorContext, form: URLSearchParams): Answer | ErrorAnswer {
  const code = form.get('device_code') ?? '';
  const flow = ctx.deviceFlows.get(code);
  if (!flow || flow.clientId !== form.get('client_id'))
    return oauthError(400, 'bad_verification_code', null, 'The device_code was not recognized.', ctx.now());
  if (flow.expiresAt <= ctx.now()) {
    ctx.deviceFlows.delete(code);
    return oauthError(400, 'expired_token', null, 'The device_code has expired.', ctx.now());
  }
  flow.polls++;
  if (flow.polls === 1)
    return oauthError(
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      ctx.now(),
    );
  ctx.deviceFlows.delete(code);
  return userTokens(ctx, flow.clientId, flow.scopes);
}

function clientCredentialsGrant(ctx: EmulatorContext, form: URLSearchParams): Answer | ErrorAnswer {
  const clientId = form.get('client_id') ?? '';
  if (clientId !== ctx.config.tenant.client.appId) return unknownClient(ctx, clientId);
  if (form.get('client_secret') !== ctx.config.clientSecret)
    return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.', ctx.now());
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const aud = audienceOf(scopes);
  if (aud === 'unknown') return userTokens(ctx, clientId, scopes); // the same invalid_resource answer
  const lifetime = ctx.config.tokenLifetimeSeconds ?? 3599;
  const roles = aud === GRAPH_AUDIENCE ? grantedGraphPermissions(ctx) : [];
  const token = ctx.tokens.issueAccess(
    { aud, tid: ctx.config.tenant.tenantId, oid: ctx.config.tenant.client.appId, appid: clientId, roles },
    lifetime,
  );
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token },
  };
}

function refreshTokenGrant(ctx: EmulatorContext, form: URLSearchParams): Answer | ErrorAnswer {
  const claims = ctx.tokens.redeemRefresh(form.get('refresh_token') ?? '');
  if (!claims || claims.appid !== form.get('client_id'))
    return oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', ctx.now());
  return userTokens(ctx, claims.appid, (form.get('scope') ?? '').split(' ').filter(Boolean));
}

function tokenRequest(ctx: EmulatorContext, form: URLSearchParams): Answer | ErrorAnswer {
  const grant = form.get('grant_type') ?? '';
  if (DEVICE_CODE_GRANTS.has(grant)) return deviceCodeGrant(ctx, form);
  switch (grant) {
    case 'client_credentials':
      return clientCredentialsGrant(ctx, form);
    case 'refresh_token':
      return refreshTokenGrant(ctx, form);
    default:
      return oauthError(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
        ctx.now(),
      );
  }
}

/** Answers the identity platform's paths; undefined for a path that is not one of them. */
export function identityEndpoint(ctx: EmulatorContext, req: EmulatorRequest): Answer | ErrorAnswer | undefined {
  const path = req.url.pathname;
  if (req.method === 'GET' && path === '/common/discovery/instance') return instanceDiscovery(ctx, req.url);
  const m = TENANT_ENDPOINT.exec(path);
  if (!m) return undefined;
  const [, tenant = '', endpoint] = m;
  if (!tenantOk(ctx, tenant))
    return oauthError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`, ctx.now());
  if (req.method === 'GET' && endpoint === 'v2.0/.well-known/openid-configuration')
    return openIdConfiguration(ctx, tenant);
  if (req.method === 'GET' && endpoint === 'discovery/v2.0/keys') return { status: 200, body: { keys: [] } };
  if (req.method !== 'POST') return undefined;
  const form = new URLSearchParams(req.body);
  return endpoint === 'oauth2/v2.0/devicecode' ? deviceCodeRequest(ctx, form) : tokenRequest(ctx, form);
}
