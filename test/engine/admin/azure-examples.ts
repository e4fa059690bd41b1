// Microsoft's published example answers (test/fixtures/azure/README.md says where each comes from), served to
// the admin checks through the real answer reader (azure-http.ts's readAnswer), so the checks read exactly what
// Microsoft documents. A route answers a method and a URL pattern; every request is recorded (with the token it
// carried) so a test can see where a token went.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { readAnswer, type AzureHttp, type AzureRequest } from '../../../electron/engine/admin/azure-http';

const root = fileURLToPath(new URL('../../fixtures/azure/', import.meta.url));
/** The one copy of the examples the lab's emulator also serves (its sources.json cites each, with a sha256). */
const emulatorExamples = fileURLToPath(new URL('../../../electron/lab/azure-emulator/examples/', import.meta.url));
const IN_EMULATOR: Record<string, string> = {
  'arm/ManagedInstanceGet.json': 'ManagedInstanceGet.json',
  'arm/ManagedInstanceGetWithExpandEqualsAdministrators.json': 'ManagedInstanceGetWithExpandEqualsAdministrators.json',
  'arm/ResourcesFilterQuery.json': 'ResourcesFilterQuery.json',
  'graph/application-get-example-2.json': 'application-get.example2.json',
  'graph/conditionalaccessroot-list-policies.json': 'conditionalaccessroot-list-policies.json',
  'graph/serviceprincipal-get-example-1.json': 'serviceprincipal-get.example1.json',
  'graph/serviceprincipal-get-example-2.json': 'serviceprincipal-get.example2.json',
  'graph/serviceprincipal-list-oauth2permissiongrants.json': 'serviceprincipal-list-oauth2permissiongrants.json',
};

/** A fixture's text as published: the emulator's copy where it has one, else this folder's own. */
export const exampleText = (path: string): string => {
  const shared = IN_EMULATOR[path];
  return readFileSync(shared ? emulatorExamples + shared : root + path, 'utf8');
};

/** An azure-rest-api-specs example file's 200 response body, as JSON text. */
export function armExampleBody(path: string): Record<string, unknown> {
  const example = JSON.parse(exampleText(path)) as { responses: Record<string, { body: Record<string, unknown> }> };
  return example.responses['200']!.body;
}

export interface Route {
  method: 'GET' | 'POST';
  url: RegExp;
  status: number;
  body: string;
}

export interface FakeAzure {
  http: AzureHttp;
  requests: AzureRequest[];
}

export function fakeAzure(routes: readonly Route[]): FakeAzure {
  const requests: AzureRequest[] = [];
  const http: AzureHttp = <S extends z.ZodType>(req: AzureRequest, schema: S) => {
    requests.push(req);
    const route = routes.find((r) => r.method === req.method && r.url.test(req.url));
    if (!route) return Promise.resolve(readAnswer(404, '{"error":{"code":"NotFound"}}', schema, req.url));
    try {
      return Promise.resolve(readAnswer(route.status, route.body, schema, new URL(req.url).pathname));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return { http, requests };
}

export const ENDPOINT_ENV = {
  KERBPROBE_AZURE_ARM_ENDPOINT: 'https://management.azure.com',
  KERBPROBE_AZURE_GRAPH_ENDPOINT: 'https://graph.microsoft.com',
};
