// `dsregcmd /status`: boxed sections (`| Device State |`) of `Name : value` lines. Only the facts that
// decide the Kerberos flow are typed; every line stays available by section.
import { ParseError } from '../errors';
import { toLines } from '../tickets/text';

export interface DsregStatus {
  device: {
    azureAdJoined: boolean | null;
    enterpriseJoined: boolean | null;
    domainJoined: boolean | null;
    domainName: string | null;
    deviceName: string | null;
  };
  sso: {
    azureAdPrt: boolean | null;
    azureAdPrtUpdateTime: string | null;
    azureAdPrtExpiryTime: string | null;
    tenantId: string | null;
    onPremTgt: boolean | null;
    cloudTgt: boolean | null;
    kerbTopLevelNames: string[];
  };
  sections: Record<string, Record<string, string>>;
}

function yesNo(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  if (/^yes$/i.test(v)) return true;
  if (/^no$/i.test(v)) return false;
  return null;
}

/** `2026-11-25 07:58:40.000 UTC` → ISO with Z (dsregcmd prints these in UTC and says so). */
function utcIso(v: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? UTC$/.exec(v ?? '');
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : null;
}

export function parseDsregcmd(text: string): DsregStatus {
  const lines = toLines(text, 'DSREGCMD');
  const sections: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | null = null;
  for (const line of lines) {
    const title = /^\|\s*(.+?)\s*\|$/.exec(line);
    if (title?.[1]) {
      const name = title[1];
      section = sections[name] ?? (sections[name] = {});
      continue;
    }
    if (!section || /^\+-+\+$/.test(line)) continue;
    const m = /^\s*([^:]+?)\s+:(?:\s(.*))?$/.exec(line);
    if (m?.[1]) section[m[1]] = (m[2] ?? '').trim();
  }
  const device = sections['Device State'];
  const sso = sections['SSO State'];
  if (!device && !sso) throw new ParseError('DSREGCMD_NOT_RECOGNISED', 'no "Device State" or "SSO State" section');
  const d = device ?? {};
  const s = sso ?? {};
  const authority = s['AzureAdPrtAuthority'] ?? '';
  const tenant = /login\.microsoftonline\.[a-z.]+\/([0-9a-f-]{36})/i.exec(authority);
  return {
    device: {
      azureAdJoined: yesNo(d['AzureAdJoined']),
      enterpriseJoined: yesNo(d['EnterpriseJoined']),
      domainJoined: yesNo(d['DomainJoined']),
      domainName: d['DomainName'] || null,
      deviceName: d['Device Name'] || null,
    },
    sso: {
      azureAdPrt: yesNo(s['AzureAdPrt']),
      azureAdPrtUpdateTime: utcIso(s['AzureAdPrtUpdateTime']),
      azureAdPrtExpiryTime: utcIso(s['AzureAdPrtExpiryTime']),
      tenantId: tenant?.[1] ?? null,
      onPremTgt: yesNo(s['OnPremTgt']),
      cloudTgt: yesNo(s['CloudTgt']),
      kerbTopLevelNames: (s['KerbTopLevelNames'] ?? '').split(',').map((x) => x.trim()).filter(Boolean),
    },
    sections,
  };
}
