// `dsregcmd /status`: boxed sections (`| Device State |`) of `Name : value` lines. Only the facts that
// decide the Kerberos flow are typed; every line stays available by section.
// Field meanings: "Troubleshoot devices by using the dsregcmd command",
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd
// Layout variants read the same: any spacing or tabs around the colon, CRLF, trailing spaces, titles in
// another case, sections missing, extra or in another order, fields of another build. A line of a section
// we read (Device State, SSO State, Tenant Details) that is not `Name : value`, or a YES/NO field whose
// value is neither, is listed in `unread` with its number: never silently "not shown".
import type { ToolFieldKind } from '../../contract/bundle';
import { ParseError } from '../errors';
import { toLines } from '../tickets/pasted-text';
import { pushUnread, type UnreadLine } from '../tickets/unread-lines';

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
    /**
     * `OnPremTgt`: YES when "a Cloud Kerberos ticket to access on-premises resources is present" (the
     * partial TGT Entra issues for cloud Kerberos trust) — NOT the DC-issued TGT of the incoming
     * trust-based flow, which only `klist` shows. The line exists from Windows 11 21H2 on
     * (troubleshoot-device-dsregcmd, "SSO state"): null = this build does not say, never NO.
     */
    onPremTgt: boolean | null;
    /**
     * `CloudTgt`: YES when "a Cloud Kerberos ticket to access cloud resources is present" (the modern flow's cloud
     * TGT). From Windows 11 21H2 on; null = not said.
     */
    cloudTgt: boolean | null;
    kerbTopLevelNames: string[];
  };
  /** Raw values by section title, then field name, as printed. */
  sections: Record<string, Record<string, string>>;
  /** Lines of the sections we read that could not be read (1-based numbers), at most MAX_UNREAD_LINES. */
  unread: UnreadLine[];
}

const READ_SECTIONS = new Set(['device state', 'sso state', 'tenant details']);
const TITLE = /^\s*\|\s*(.*?)\s*\|\s*$/;
const BORDER = /^\s*\+[-=+]*\+\s*$/;
// A label (no colon) then the colon, any spacing or tabs; a value may itself contain colons (URLs, times).
const FIELD = /^\s*([A-Za-z][A-Za-z0-9 ._()/-]*?)\s*:(?!\/\/)\s*(.*)$/;

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

function yesNo(v: string | undefined): boolean | null | undefined {
  if (v === undefined) return null;
  if (/^yes$/i.test(v)) return true;
  if (/^no$/i.test(v)) return false;
  return undefined;
}

/** `2026-11-25 07:58:40.000 UTC` → ISO with Z (dsregcmd prints these in UTC and says so). */
function utcIso(v: string | undefined): string | null | undefined {
  if (v === undefined || v === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*UTC$/i.exec(v);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(ms) || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31)
    return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Per normalized field name: the value and the index of its line. */
type SectionFields = Map<string, { value: string; index: number }>;

/** The section being read: its normalized title, its fields, and its raw values as printed. */
interface OpenSection {
  name: string;
  fields: SectionFields;
  raw: Record<string, string>;
}

/** The boxed sections, by normalized title; lines of a section we read that are not `Name : value` go to `unread`. */
function readSections(lines: string[], unread: UnreadLine[]) {
  const sections: Record<string, Record<string, string>> = {};
  const read = new Map<string, SectionFields>();
  let current: OpenSection | null = null;
  lines.forEach((line, index) => {
    if (BORDER.test(line) || line.trim() === '') return;
    const title = TITLE.exec(line);
    if (title) {
      const name = title[1] ?? '';
      const key = norm(name);
      const fields = read.get(key) ?? new Map();
      read.set(key, fields);
      current = { name: key, fields, raw: sections[name] ?? (sections[name] = {}) };
      return;
    }
    if (!current) return; // text before the first box (a prompt, a banner) is not part of the output
    const section: OpenSection = current;
    const field = FIELD.exec(line);
    if (field?.[1]) {
      const value = (field[2] ?? '').trim();
      section.raw[field[1]] = value;
      if (!section.fields.has(norm(field[1]))) section.fields.set(norm(field[1]), { value, index: index });
      return;
    }
    if (READ_SECTIONS.has(section.name)) pushUnread(unread, index, line);
  });
  return { sections, read };
}

/** The tenant from the PRT authority's URL, else from Tenant Details' TenantId; null when neither is a GUID. */
function tenantIdOf(authority: string, tenantDetailsId: string): string | null {
  return (
    /login\.microsoftonline\.[a-z.]+\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(
      authority,
    )?.[1] ??
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(tenantDetailsId)?.[1] ??
    null
  );
}

export function parseDsregcmd(text: string): DsregStatus {
  const lines = toLines(text, 'DSREGCMD');
  const unread: UnreadLine[] = [];
  const { sections, read } = readSections(lines, unread);
  const device = read.get('device state');
  const sso = read.get('sso state');
  if (!device && !sso) throw new ParseError('DSREGCMD_NOT_RECOGNISED', 'no "Device State" or "SSO State" section');
  const tenant = read.get('tenant details');
  const get = (s: SectionFields | undefined, name: string) => s?.get(norm(name));
  const flag = (s: SectionFields | undefined, name: string): boolean | null => {
    const f = get(s, name);
    const v = yesNo(f?.value);
    if (v !== undefined) return v;
    if (f) pushUnread(unread, f.index, lines[f.index] ?? '');
    return null;
  };
  const time = (name: string): string | null => {
    const f = get(sso, name);
    const v = utcIso(f?.value);
    if (v !== undefined) return v;
    if (f) pushUnread(unread, f.index, lines[f.index] ?? '');
    return null;
  };
  const str = (s: SectionFields | undefined, name: string): string | null => get(s, name)?.value || null;
  const authority = get(sso, 'AzureAdPrtAuthority')?.value ?? '';
  const tenantId = tenantIdOf(authority, get(tenant, 'TenantId')?.value ?? '');
  const result: DsregStatus = {
    device: {
      azureAdJoined: flag(device, 'AzureAdJoined'),
      enterpriseJoined: flag(device, 'EnterpriseJoined'),
      domainJoined: flag(device, 'DomainJoined'),
      domainName: str(device, 'DomainName'),
      deviceName: str(device, 'Device Name'),
    },
    sso: {
      azureAdPrt: flag(sso, 'AzureAdPrt'),
      azureAdPrtUpdateTime: time('AzureAdPrtUpdateTime'),
      azureAdPrtExpiryTime: time('AzureAdPrtExpiryTime'),
      tenantId,
      onPremTgt: flag(sso, 'OnPremTgt'),
      cloudTgt: flag(sso, 'CloudTgt'),
      kerbTopLevelNames: (get(sso, 'KerbTopLevelNames')?.value ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    },
    sections,
    unread,
  };
  unread.sort((a, b) => a.line - b.line);
  return result;
}

/**
 * What each dsregcmd field holds, for redaction (engine/report/redact-tool-output.ts), by normalized name (lower
 * case, single spaces); a field not listed is redacted. Names per Microsoft's field list (troubleshoot-device-
 * dsregcmd, above): Device Name is the device's host name (often built from its user's name: LAPTOP-JSMITH42),
 * TenantName the organisation's display name, DeviceId / KeyContainerId / TenantId identifiers, Thumbprint the
 * device certificate's, the *Url fields Entra's endpoints with the tenant in their path.
 */
export const DSREGCMD_FIELD_KINDS: Readonly<Record<string, ToolFieldKind>> = {
  azureadjoined: 'fixed',
  enterprisejoined: 'fixed',
  domainjoined: 'fixed',
  'virtual desktop': 'fixed',
  domainname: 'realm',
  'device name': 'host',
  deviceid: 'tenant',
  thumbprint: 'secret',
  devicecertificatevalidity: 'fixed',
  keycontainerid: 'tenant',
  keyprovider: 'fixed',
  tpmprotected: 'fixed',
  deviceauthstatus: 'fixed',
  tenantname: 'org',
  tenantid: 'tenant',
  idp: 'host',
  authcodeurl: 'url',
  accesstokenurl: 'url',
  mdmurl: 'url',
  mdmtouurl: 'url',
  mdmcomplianceurl: 'url',
  settingsurl: 'url',
  joinsrvversion: 'fixed',
  joinsrvurl: 'url',
  joinsrvid: 'fixed',
  keysrvversion: 'fixed',
  keysrvurl: 'url',
  keysrvid: 'fixed',
  webauthnsrvversion: 'fixed',
  webauthnsrvurl: 'url',
  webauthnsrvid: 'fixed',
  devicemanagementsrvversion: 'fixed',
  devicemanagementsrvurl: 'url',
  devicemanagementsrvid: 'fixed',
  ngcset: 'fixed',
  canreset: 'fixed',
  workplacejoined: 'fixed',
  wamdefaultset: 'fixed',
  wamdefaultauthority: 'fixed',
  wamdefaultid: 'url',
  wamdefaultguid: 'secret',
  azureadprt: 'fixed',
  azureadprtupdatetime: 'fixed',
  azureadprtexpirytime: 'fixed',
  azureadprtauthority: 'url',
  enterpriseprt: 'fixed',
  enterpriseprtupdatetime: 'fixed',
  enterpriseprtexpirytime: 'fixed',
  enterpriseprtauthority: 'url',
  onpremtgt: 'fixed',
  cloudtgt: 'fixed',
  kerbtoplevelnames: 'hosts',
  'executing account name': 'user',
  aadrecoveryenabled: 'fixed',
  keysigntest: 'fixed',
  'client time': 'fixed',
};
