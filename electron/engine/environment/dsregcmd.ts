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

/**
 * The diagnostics Windows prints under `AzureAdPrt` about the last failed attempt to get or refresh the PRT
 * (Windows 10 21H1 and later; shown only when the failure came after the last successful update, and on a shared
 * device possibly another user's attempt): troubleshoot-device-dsregcmd, "SSO state".
 */
export interface PrtAttempt {
  /** `Previous Prt Attempt`, as ISO UTC (null: not printed or not pasted). */
  time: string | null;
  /** `Attempt Status`: the client error code (an NTSTATUS or HRESULT), lower-case hex as printed. */
  status: string | null;
  /** `HTTP status` the endpoint returned. */
  httpStatus: number | null;
  /** `Server Error Code` (OAuth error: invalid_grant, invalid_request…). */
  serverErrorCode: string | null;
  /** `Server Error Description` as printed (it carries the AADSTS code and Microsoft's sentence). */
  serverErrorDescription: string | null;
  /** The AADSTS code the server gave (`AADSTS50126`), when the description names one. */
  aadsts: string | null;
  /** `Credential Type` (Password, NGC…). */
  credentialType: string | null;
}

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
    /**
     * Where the `AzureAdPrt` line was: `SSO State`, or `User State` in the older layout that has no SSO State
     * section (the PRT is the same fact wherever it is printed); null when no such line was pasted.
     */
    azureAdPrtSection: 'SSO State' | 'User State' | null;
    azureAdPrtUpdateTime: string | null;
    azureAdPrtExpiryTime: string | null;
    /** The last failed PRT attempt's diagnostics, when Windows printed them under AzureAdPrt. */
    prtAttempt: PrtAttempt | null;
    tenantId: string | null;
    /**
     * `OnPremTgt`: YES when "a Cloud Kerberos ticket to access on-premises resources is present" (the
     * partial TGT Entra issues for cloud Kerberos trust) — NOT the DC-issued TGT of the incoming
     * trust-based flow, which only `klist` shows. The line exists from Windows 11 21H2 on
     * (troubleshoot-device-dsregcmd, "SSO state"): null = not printed or not pasted, never NO.
     */
    onPremTgt: boolean | null;
    /**
     * `CloudTgt`: YES when "a Cloud Kerberos ticket to access cloud resources is present" (the modern flow's cloud
     * TGT). From Windows 11 21H2 on; null = not said.
     */
    cloudTgt: boolean | null;
    kerbTopLevelNames: string[];
  };
  /**
   * Diagnostic Data's `Client Time` ("the system time, in UTC", troubleshoot-device-dsregcmd): when the output
   * was printed. null when that section was not pasted.
   */
  clientTime: string | null;
  /**
   * The boxed section titles pasted, in order, as printed. Empty for a paste of field lines without their box
   * (people copy the lines they were asked about): what was not pasted is unknown, never NO.
   */
  pasted: string[];
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
  const pasted: string[] = [];
  // Field lines before the first box: a paste of the lines alone, or a prompt (read only when no box follows).
  const untitled: OpenSection = { name: '', fields: new Map(), raw: {} };
  read.set('', untitled.fields);
  let current: OpenSection = untitled;
  lines.forEach((line, index) => {
    if (BORDER.test(line) || line.trim() === '') return;
    const title = TITLE.exec(line);
    if (title) {
      const name = title[1] ?? '';
      const key = norm(name);
      const fields = read.get(key) ?? new Map();
      read.set(key, fields);
      pasted.push(name);
      current = { name: key, fields, raw: sections[name] ?? (sections[name] = {}) };
      return;
    }
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
  return { sections, read, pasted };
}

/** The tenant from the PRT authority's URL, else from a TenantId line; null when neither is a GUID. */
function tenantIdOf(authority: string, tenantIdLine: string): string | null {
  return (
    /login\.microsoftonline\.[a-z.]+\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(
      authority,
    )?.[1] ??
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(tenantIdLine)?.[1] ??
    null
  );
}

/** A field line of a known section, read into a typed value or kept in `unread` when it is not one. */
type FieldReader = <T>(s: SectionFields | undefined, name: string, parse: (v: string) => T | undefined) => T | null;

function fieldReader(lines: readonly string[], unread: UnreadLine[]): FieldReader {
  return (s, name, parse) => {
    const f = s?.get(norm(name));
    if (!f) return null;
    const v = parse(f.value);
    if (v !== undefined) return v;
    pushUnread(unread, f.index, lines[f.index] ?? '');
    return null;
  };
}

/**
 * The PRT diagnostics: the lines after `AzureAdPrt` and before `EnterprisePrt` (the same names under
 * EnterprisePrt are the AD FS PRT's, troubleshoot-device-dsregcmd "SSO state").
 */
function prtAttemptOf(sso: SectionFields | undefined, readField: FieldReader): PrtAttempt | null {
  const prtAt = sso?.get(norm('AzureAdPrt'))?.index ?? -1;
  const enterpriseAt = sso?.get(norm('EnterprisePrt'))?.index ?? Number.POSITIVE_INFINITY;
  const mine = new Map(
    [...(sso ?? new Map<string, { value: string; index: number }>())].filter(
      ([, f]) => f.index > prtAt && f.index < enterpriseAt,
    ),
  );
  const text = (name: string): string | null => readField(mine, name, (v) => v || undefined);
  const attempt: PrtAttempt = {
    time: readField(mine, 'Previous Prt Attempt', utcIso),
    status: readField(mine, 'Attempt Status', (v) => (/^0x[0-9a-f]{1,8}$/i.test(v) ? v.toLowerCase() : undefined)),
    httpStatus: readField(mine, 'HTTP status', (v) => (/^\d{3}$/.test(v) ? Number(v) : undefined)),
    serverErrorCode: text('Server Error Code'),
    serverErrorDescription: text('Server Error Description'),
    aadsts: null,
    credentialType: text('Credential Type'),
  };
  attempt.aadsts =
    /\bAADSTS\d{4,7}\b/.exec(`${attempt.serverErrorDescription ?? ''} ${attempt.serverErrorCode ?? ''}`)?.[0] ?? null;
  const said = [attempt.time, attempt.status, attempt.httpStatus, attempt.serverErrorCode, attempt.aadsts];
  return said.some((v) => v !== null) ? attempt : null;
}

/** A paste of field lines without their box names a field of the sections we read. */
export function looksLikeDsregcmdLines(text: string): boolean {
  return /^\s*(AzureAdPrt|AzureAdJoined|DomainJoined)\s*:\s*(YES|NO)\s*$/im.test(text.slice(0, 64 * 1024));
}

/** The sections a field is read from: their boxes, or — for a paste of lines without boxes — those lines. */
function sectionsOf(read: Map<string, SectionFields>, pasted: readonly string[]) {
  const untitled = pasted.length === 0 ? read.get('') : undefined;
  return {
    device: read.get('device state') ?? untitled,
    user: read.get('user state'),
    sso: read.get('sso state') ?? untitled,
    tenant: read.get('tenant details'),
    diagnostic: read.get('diagnostic data'),
  };
}

export function parseDsregcmd(text: string): DsregStatus {
  const lines = toLines(text, 'DSREGCMD');
  const unread: UnreadLine[] = [];
  const { sections, read, pasted } = readSections(lines, unread);
  const { device, user, sso, tenant, diagnostic } = sectionsOf(read, pasted);
  const known = (s: SectionFields | undefined) =>
    ['azureadprt', 'azureadjoined', 'domainjoined'].some((n) => s?.has(n));
  if (!read.has('device state') && !read.has('sso state') && !(pasted.length === 0 && known(device)))
    throw new ParseError('DSREGCMD_NOT_RECOGNISED', 'no "Device State" or "SSO State" section');
  const readField = fieldReader(lines, unread);
  const flag = (s: SectionFields | undefined, name: string): boolean | null => readField(s, name, yesNo);
  const time = (name: string): string | null => readField(sso, name, utcIso);
  const str = (s: SectionFields | undefined, name: string): string | null => s?.get(norm(name))?.value || null;
  // The older layout prints AzureAdPrt under User State and has no SSO State section.
  const prtIn = sso?.has('azureadprt') ? sso : user?.has('azureadprt') ? user : undefined;
  const authority = str(sso, 'AzureAdPrtAuthority') ?? '';
  const tenantIdLine = str(tenant, 'TenantId') ?? str(device, 'TenantId') ?? '';
  const result: DsregStatus = {
    device: {
      azureAdJoined: flag(device, 'AzureAdJoined'),
      enterpriseJoined: flag(device, 'EnterpriseJoined'),
      domainJoined: flag(device, 'DomainJoined'),
      domainName: str(device, 'DomainName'),
      deviceName: str(device, 'Device Name'),
    },
    sso: {
      azureAdPrt: flag(prtIn, 'AzureAdPrt'),
      azureAdPrtSection: prtIn === undefined ? null : prtIn === user ? 'User State' : 'SSO State',
      azureAdPrtUpdateTime: time('AzureAdPrtUpdateTime'),
      azureAdPrtExpiryTime: time('AzureAdPrtExpiryTime'),
      prtAttempt: prtAttemptOf(sso, readField),
      tenantId: tenantIdOf(authority, tenantIdLine),
      onPremTgt: flag(sso, 'OnPremTgt'),
      cloudTgt: flag(sso, 'CloudTgt'),
      kerbTopLevelNames: (str(sso, 'KerbTopLevelNames') ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    },
    clientTime: readField(diagnostic, 'Client Time', utcIso),
    pasted,
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
