// Tokens the lab's Azure emulator issues: JWT-shaped like Microsoft Entra ID's (a client may decode the claims),
// random where Entra's are signed, and known to the emulator only by the table it keeps. They unlock nothing but
// the emulator; they still count as secrets, and their shapes are exported so the secret scan finds any that leaks.
import { randomBytes } from 'node:crypto';

/** A resource the emulator issues tokens for, by its identifier (the `aud` claim). */
export const ARM_AUDIENCE = 'https://management.azure.com';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export type Audience = typeof ARM_AUDIENCE | typeof GRAPH_AUDIENCE;

/** Every access and id token the emulator issues: three base64url parts, the first two JSON objects. */
export const LAB_JWT_PATTERN = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/g;
/** Refresh tokens and device codes: a marker and random base64url. */
export const LAB_OPAQUE_TOKEN_PATTERN = /\blab(?:rt|dc)\.[A-Za-z0-9_-]{40,}/g;

export interface AccessClaims {
  aud: Audience;
  tid: string;
  /** The signed-in user's or the application's object id. */
  oid: string;
  appid: string;
  /** Delegated permissions (a user token); absent for an application token. */
  scp?: string[];
  /** Application permissions (an application token). */
  roles?: string[];
  upn?: string;
  name?: string;
}

export interface IssuedToken {
  claims: AccessClaims;
  expiresAt: number;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

export class TokenTable {
  private readonly access = new Map<string, IssuedToken>();
  private readonly refresh = new Map<string, Omit<AccessClaims, 'aud'>>();

  constructor(
    private readonly issuerBase: string,
    private readonly now: () => number,
  ) {}

  /** A new access token for CLAIMS, valid LIFETIME seconds. */
  issueAccess(claims: AccessClaims, lifetimeSeconds: number): string {
    const iat = Math.floor(this.now() / 1000);
    const payload = {
      aud: claims.aud,
      iss: `${this.issuerBase}/${claims.tid}/`,
      iat,
      nbf: iat,
      exp: iat + lifetimeSeconds,
      appid: claims.appid,
      oid: claims.oid,
      tid: claims.tid,
      ver: '1.0',
      ...(claims.scp ? { scp: claims.scp.join(' '), idtyp: 'user' } : { roles: claims.roles ?? [], idtyp: 'app' }),
      ...(claims.upn ? { upn: claims.upn, name: claims.name } : {}),
      kerbprobe_lab: true,
    };
    const token = `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'kerbprobe-lab' })}.${b64url(payload)}.${random(64)}`;
    this.access.set(token, { claims, expiresAt: (iat + lifetimeSeconds) * 1000 });
    return token;
  }

  /** An ID token for the signed-in user (its signature is random: nothing verifies it). */
  issueIdToken(claims: { aud: string; tid: string; oid: string; upn: string; name: string }): string {
    const iat = Math.floor(this.now() / 1000);
    const payload = {
      aud: claims.aud,
      iss: `${this.issuerBase}/${claims.tid}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      name: claims.name,
      oid: claims.oid,
      preferred_username: claims.upn,
      sub: claims.oid,
      tid: claims.tid,
      ver: '2.0',
    };
    return `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'kerbprobe-lab' })}.${b64url(payload)}.${random(64)}`;
  }

  issueRefresh(claims: Omit<AccessClaims, 'aud'>): string {
    const token = `labrt.${random(48)}`;
    this.refresh.set(token, claims);
    return token;
  }

  redeemRefresh(token: string): Omit<AccessClaims, 'aud'> | undefined {
    return this.refresh.get(token);
  }

  /** The token's record when this emulator issued it and it has not expired. */
  verify(token: string): IssuedToken | 'expired' | undefined {
    const found = this.access.get(token);
    if (!found) return undefined;
    return found.expiresAt <= this.now() ? 'expired' : found;
  }
}

/** A device code (the secret half of the device flow) and its short user code. */
export function newDeviceCode(): { deviceCode: string; userCode: string } {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const userCode = Array.from(randomBytes(9), (byte) => letters[byte % letters.length]).join('');
  return { deviceCode: `labdc.${random(48)}`, userCode };
}
