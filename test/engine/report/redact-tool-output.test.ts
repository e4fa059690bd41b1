// Each tool output a collection gathers, with realistic identities written into it, redacted by its parser's
// field kinds: what stays (Microsoft's words, states, numbers) and what goes (every name; a field no table
// classifies). The outputs are the lab's Windows renditions (electron/lab/windows) with the identities added in
// each tool's layout (test/security/secrets/identities.ts); no KDC is needed for the layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collectBundle } from '../../../electron/engine/api/collect-bundle';
import { structureToolOutput, REDACTED } from '../../../electron/engine/report/redact-tool-output';
import { redactWith } from '../../../electron/engine/report/redact';
import { parseDsregcmd } from '../../../electron/engine/environment/dsregcmd';
import { parseWhoamiGroups } from '../../../electron/engine/environment/whoami-groups';
import { parseWinHttpProxy } from '../../../electron/engine/environment/winhttp-proxy';
import { parseHostToRealm } from '../../../electron/engine/environment/realm-mapping';
import { parseWindowsBuild } from '../../../electron/engine/environment/windows-build';
import { parseRegQuery } from '../../../electron/engine/environment/reg-query';
import { parseScQuery } from '../../../electron/engine/environment/sc-query';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { KerbProbeError } from '../../../electron/engine/errors';
import type { ToolRunner } from '../../../electron/engine/run-tool';
import { renderCloudDebug, renderDsregcmd } from '../../../electron/lab/windows/device-state';
import {
  renderCurrentVersion,
  renderNetshWinhttp,
  renderScQuery,
  renderWhoamiGroups,
} from '../../../electron/lab/windows/device-settings';
import { IDENTITY, leaksIn, withIdentities } from '../../security/secrets/identities';

const NOW = () => new Date('2027-03-04T11:30:00Z');
const target = { server: 'sqlmi1.abc123def456.database.windows.net', port: 1433 };

/** A Windows client's tools as the lab renders them (every other command is missing), with the identities. */
const windowsTools: ToolRunner = withIdentities(async (command, args) => {
  const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  const line = [command, ...args].join(' ');
  if (command === 'dsregcmd')
    return ok(renderDsregcmd([], { domain: IDENTITY.domain, tenantId: IDENTITY.tenantId, topLevelPorts: [1433] }));
  if (line === 'klist cloud_debug') return ok(renderCloudDebug([]));
  if (command === 'whoami') return ok(renderWhoamiGroups({}));
  if (command === 'netsh') return ok(renderNetshWinhttp({}));
  if (command === 'sc') return ok(renderScQuery(args[1] ?? '', {}));
  if (/Windows NT\\CurrentVersion$/.test(line)) return ok(renderCurrentVersion(args[1] ?? '', {}));
  if (/HostToRealm$|ProxyServers$/.test(line.replace(/ \/s$/, ''))) return ok('');
  throw new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed`);
});

const collect = (redact: boolean) =>
  collectBundle({ platform: 'win32', runTool: windowsTools, now: NOW, target, redact });

test('the identities are in the outputs before redaction (the scan has something to find)', async () => {
  const bundle = await collect(false);
  const all = bundle.commands.map((c) => c.stdout).join('\n');
  for (const leak of ['José María García', 'Northwind Traders', 'LAPTOP-JSMITH42', 'proxy-eu', 'Finance Team'])
    assert.ok(all.includes(leak), leak);
});

test('no identity survives in any redacted output; each output keeps what its parser needs', async () => {
  const bundle = await collect(true);
  const by = (id: string) => bundle.commands.find((c) => c.id === id)?.stdout ?? '';
  for (const c of bundle.commands) assert.deepEqual(leaksIn(`${c.command}\n${c.stdout}\n${c.stderr}`), [], c.id);

  const dsreg = parseDsregcmd(by('dsregcmd-status'));
  assert.equal(dsreg.device.azureAdJoined, true);
  assert.match(dsreg.device.deviceName ?? '', /^host-\d+$/, 'the device name is a host placeholder, whole');
  assert.match(dsreg.sections['Tenant Details']?.TenantName ?? '', /^org-\d+$/, 'the tenant name is one name');
  assert.equal(dsreg.sections['Diagnostic Data']?.['Network Adapter'], REDACTED, 'an unknown field is redacted');
  assert.deepEqual(dsreg.sso.kerbTopLevelNames, ['.windows.net', '.windows.net:1433', '.azure.net', '.azure.net:1433']);
  assert.match(by('dsregcmd-status'), /MdmUrl : https:\/\/enrollment\.manage\.microsoft\.com\//);

  const whoami = by('device-groups');
  assert.deepEqual(parseWhoamiGroups(whoami).integrity, 'medium', 'the SIDs that say the session stay');
  assert.match(whoami, /^group-\d+ +Group +sid-\d+ /m);
  assert.match(whoami, /^BUILTIN\\Users {2,}Alias +S-1-5-32-545 /m, "Windows' own groups stay");

  const proxy = parseWinHttpProxy(by('device-winhttp-proxy'));
  assert.deepEqual(
    proxy.servers.map((s) => [s.scheme, s.port]),
    [
      ['http', 8080],
      ['https', 3128],
    ],
  );
  assert.ok(proxy.servers.every((s) => /^host-\d+$/.test(s.host)));
  assert.ok(proxy.bypass.includes('<local>'));

  const mapping = parseHostToRealm(by('device-host-to-realm'));
  assert.equal(mapping.length, 1);
  assert.match(mapping[0]!.realm, /^REALM-\d+$/);
  assert.ok(
    mapping[0]!.hosts.every((h) => /^\.?host-\d+$/.test(h)),
    mapping[0]!.hosts.join(','),
  );

  const kdcProxy = parseRegQuery(by('reg-kdc-proxy'));
  assert.match(kdcProxy[0]?.name ?? '', /^realm-\d+$/);
  assert.match(kdcProxy[0]?.data ?? '', /^<https host-\d+:443:kdcproxy \/>$/);

  const build = parseWindowsBuild(by('device-build'));
  assert.equal(build.build, 22631);
  assert.equal(build.ubr, 4460);
  assert.match(by('device-build'), /RegisteredOwner {4}REG_SZ {4}user-\d+/);
  assert.equal(parseScQuery(by('device-iphlpsvc')).state, 'running');
  assert.equal(parseCloudDebug(by('klist-cloud-debug')).enabledByPolicy, true);
});

test('a line or field no table classifies is redacted, never kept; an unknown command is redacted whole', () => {
  const dsreg = structureToolOutput(
    'dsregcmd /status',
    ['C:\\Users\\John Smith>dsregcmd /status', '| Device State |', '  SomeNewField : ACME-PC-7', ''].join('\r\n'),
  );
  assert.equal(dsreg.text, ['[redacted]', '| Device State |', '  SomeNewField : [redacted]', ''].join('\r\n'));
  const reg = structureToolOutput(
    'reg query HKLM\\SOFTWARE\\Acme',
    '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\r\n    Owner    REG_SZ    John Smith\r\n',
  );
  assert.doesNotMatch(reg.text, /Acme|John/);
  const sc = structureToolOutput(
    'sc query iphlpsvc',
    'SERVICE_NAME: iphlpsvc\r\n  OWNER : John Smith\r\nfree words\r\n',
  );
  assert.equal(sc.text, 'SERVICE_NAME: iphlpsvc\r\n  OWNER : [redacted]\r\n[redacted]\r\n');
  assert.equal(structureToolOutput('ipconfig /all', 'Host Name . . . : LAPTOP-JSMITH42').text, REDACTED);
});

test("dsregcmd's NO in an *Authority field is its word for none, not a host name (a real domain-joined paste)", () => {
  const file = new URL('../../fixtures/real/device/dsregcmd-domain-joined-remote-shell.txt', import.meta.url);
  const structured = structureToolOutput('dsregcmd /status', readFileSync(file, 'utf8'));
  const out = redactWith(null, { named: structured.names, texts: [structured.text] }).texts[0] ?? '';
  assert.match(out, /^ +AzureAdJoined : NO$/m, 'the join type still reads');
  assert.match(out, /^ +AzureAdPrtAuthority : NO$/m);
  assert.doesNotMatch(out, /(?:Joined|Prt|Set|Authority) : host-/, 'no state word taken for a name');
});
