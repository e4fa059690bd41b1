// `lab up` starts the Azure emulator beside the KDCs (its own detached process, recorded with the others) and
// hands its endpoints to a client through lab.json and the lab's env; `lab down` stops it. A paired scenario's
// two ends agree: spn-missing has no MSSQLSvc principal in the cloud KDC and the instance's service principal off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DeviceCodeCredential } from '@azure/identity';
import { AZURE_ENV_NAMES } from '../../../electron/lab/lab-types';
import { isRecordedProcessAlive } from '../../../electron/lab/processes';
import { startTestLab } from '../lab-helpers';
import { call } from './emulator-helpers';

test('spn-missing: the lab serves the emulator, its env names it, and the instance principal is off', async () => {
  const lab = await startTestLab('spn-missing');
  try {
    const { info } = lab;
    const azure = info.azure;
    assert.ok(azure, 'lab.json has azure');
    for (const name of AZURE_ENV_NAMES) assert.ok(info.env[name], `env ${name}`);
    assert.equal(info.env.KERBPROBE_AZURE_AUTHORITY_HOST, azure.authorityHost);
    assert.equal(info.env.KERBPROBE_AZURE_CA_FILE, info.caFile);
    const proc = info.processes.find((p) => p.role === 'azure-emulator');
    assert.ok(proc && isRecordedProcessAlive(proc), 'the emulator runs as a recorded lab process');
    const caPem = readFileSync(info.env.KERBPROBE_AZURE_CA_FILE ?? '', 'utf8');
    // What a client of the lab does: the real credential, configured from the lab's env only.
    const credential = new DeviceCodeCredential({
      tenantId: info.env.KERBPROBE_AZURE_TENANT_ID,
      clientId: info.env.KERBPROBE_AZURE_CLIENT_ID,
      authorityHost: info.env.KERBPROBE_AZURE_AUTHORITY_HOST,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: caPem },
      userPromptCallback: () => undefined,
    });
    const arm = await credential.getToken('https://management.azure.com/.default');
    const emu = { base: info.env.KERBPROBE_AZURE_ARM_ENDPOINT ?? '', caPem };
    const mi = await call(emu, 'GET', `${azure.resourceId}?api-version=2023-08-01`, { token: arm.token });
    assert.equal(mi.status, 200);
    const props = mi.body.properties as Record<string, unknown>;
    assert.equal(props.fullyQualifiedDomainName, info.server, 'the instance ARM describes is the one the lab serves');
    assert.deepEqual(props.servicePrincipal, { type: 'None' });
    await lab.stop();
    assert.ok(!isRecordedProcessAlive(proc), 'lab down stops the emulator');
  } finally {
    await lab.stop();
  }
});
