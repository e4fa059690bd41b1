// An Azure emulator in this process for one test file (its own CA, tenant and facet), and a plain HTTPS client
// of it that trusts that CA only.
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createCa, issueServerCert } from '../../../electron/lab/pki';
import { startAzureEmulator } from '../../../electron/lab/azure-emulator/azure-emulator';
import { createLabTenant, type LabTenant } from '../../../electron/lab/azure-emulator/lab-tenant';
import type { TenantFacet } from '../../../electron/lab/lab-types';

export interface TestEmulator {
  base: string;
  caPem: string;
  tenant: LabTenant;
  clientSecret: string;
  logFile: string;
  log(): string;
}

/** Starts an emulator for FACET, stopped and removed after the file. */
export async function testEmulator(facet: TenantFacet = {}): Promise<TestEmulator> {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-azure-emulator-'));
  const ca = await createCa('KerbProbe Lab CA (azure emulator test)');
  const leaf = await issueServerCert(ca, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  const tenant = createLabTenant('sqlmi1.lab0a1b.database.windows.net', 'contoso.test');
  const clientSecret = 'LabTestSecret0123456789abcdef';
  const logFile = join(dir, 'azure-emulator.log');
  const emulator = await startAzureEmulator({
    host: '127.0.0.1',
    port: 0,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
    logFile,
    tenant,
    facet,
    clientSecret,
  });
  after(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    base: emulator.base,
    caPem: ca.certPem,
    tenant,
    clientSecret,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One HTTPS request to the emulator; the body is JSON (an object) or a form (URLSearchParams). */
export function call(
  emu: Pick<TestEmulator, 'base' | 'caPem'>,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; form?: URLSearchParams } = {},
): Promise<Reply> {
  const payload =
    options.json !== undefined ? JSON.stringify(options.json) : options.form ? options.form.toString() : undefined;
  const headers: Record<string, string> = {
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, emu.base), { method, ca: emu.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
