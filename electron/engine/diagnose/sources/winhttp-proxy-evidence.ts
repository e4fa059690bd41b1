// `netsh winhttp show proxy`, and whether each proxy's port answered a TCP connect. netsh winhttp:
// https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands; 0x51f causes (FILES, TROUBLESHOOT).
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText as safe } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { FILES } from '../catalog-wording';

export interface WinhttpProxyEvidence {
  kind: 'winhttp-proxy';
  direct: boolean;
  servers: { server: string; reachable: boolean | null; detail?: string }[];
}

function answers(x: WinhttpProxyEvidence['servers'][number]): string {
  if (x.reachable === null) return '';
  return x.reachable ? ' (answers)' : ` (does not answer${x.detail ? `: ${safe(x.detail)}` : ''})`;
}

export const winhttpProxyEvidence: DeviceFactSource<WinhttpProxyEvidence> = {
  kind: 'winhttp-proxy',
  deviceFact: true,
  describe: (e) =>
    e.direct
      ? 'WinHTTP proxy: direct access (no proxy server)'
      : `WinHTTP proxy: ${e.servers.map((x) => `${safe(x.server)}${answers(x)}`).join(', ')}`,
  judge(e) {
    const dead = e.servers.filter((x) => x.reachable === false);
    if (!dead.length) return null;
    return {
      code: 'WINHTTP_PROXY_UNREACHABLE',
      severity: 'warn',
      note:
        `the WinHTTP proxy ${dead.map((x) => x.server).join(', ')} does not answer: ` +
        'the KDC proxy traffic of the Kerberos client goes nowhere',
    };
  },
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: { WINHTTP_PROXY_UNREACHABLE: ['CLOUD_KDC_UNREACHABLE'] },
  catalog: {
    // netsh winhttp: https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands; 0x51f causes (FILES,
    // TROUBLESHOOT).
    WINHTTP_PROXY_UNREACHABLE: {
      title: 'The web proxy Windows system services use does not answer',
      helpdeskTitle: "The web proxy the device's system services use did not answer",
      cause:
        'Windows sends its requests to Microsoft Entra Kerberos through the proxy set for system services (WinHTTP), ' +
        'not the one your browser uses. That proxy does not answer, so the requests go nowhere and Windows cannot ' +
        "get the database's ticket (klist shows 0x51f).",
      fixUser:
        'If you recently used a debugging or VPN tool that set a proxy, close it. Send this report to your helpdesk.',
      fixHelpdesk:
        `\`netsh winhttp show proxy\` names a proxy that refuses or ignores connections. Fix or remove it: \`netsh ` +
        `winhttp reset proxy\` and \`netsh winhttp reset autoproxy\` (elevated), or set the right one with \`netsh ` +
        `winhttp set proxy <host:port>\`, then \`klist purge\` and retry. Microsoft: ` +
        `${FILES} and https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands`,
    },
  },
};
