// What every endpoint of the Azure emulator reads: the configuration, the tokens it issued, the device flows
// under way, the clock and its own base URL; and the request and answer shapes the server hands them.
import type { IncomingHttpHeaders } from 'node:http';
import type { AzureEmulatorConfig } from './emulator-config';
import type { TokenTable } from './emulator-tokens';

/** A device-code sign-in under way (v2-oauth2-device-code.md). */
export interface DeviceFlow {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  polls: number;
}

export interface EmulatorContext {
  config: AzureEmulatorConfig;
  tokens: TokenTable;
  deviceFlows: Map<string, DeviceFlow>;
  now: () => number;
  /** `https://127.0.0.1:PORT`, once the server listens. */
  base: string;
}

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The request body, read up to the emulator's limit. */
  body: string;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
