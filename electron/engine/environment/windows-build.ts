// The Windows build, read from the registry (`reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"`),
// not from os.release() alone: CurrentBuild and UBR (the update build revision) say which release this is, and
// InstallationType says client or server (Windows 8 and Server 2012 share build 9200).
// Which builds each flow needs (Microsoft, "How to set up Windows authentication for Microsoft Entra ID with
// the modern interactive flow"): "clients running Windows 10 20H1, Windows Server 2022, or a higher version of
// Windows"; "The incoming trust-based flow is available for AD joined clients running Windows 10 / Windows
// Server 2012 and higher":
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-modern-interactive-flow
// Build numbers: Windows 10 1507 = 10240, 20H1 (version 2004) = 19041, Windows 11 = 22000
// (https://learn.microsoft.com/en-us/windows/release-health/release-information,
// https://learn.microsoft.com/en-us/windows/release-health/windows11-release-information); Windows Server 2012
// = 9200, Server 2022 = 20348 (https://learn.microsoft.com/en-us/windows/release-health/windows-server-release-info).
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { ParseError } from '../errors';
import { dword, parseRegQuery, type RegValue } from './reg-query';

export const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

export interface WindowsBuild {
  build: number;
  /** The update build revision (the part after the dot in 19045.4046); null when the value is absent (older builds). */
  ubr: number | null;
  /** `Client`, `Server`, `Server Core`…; null when absent. */
  installationType: string | null;
  productName: string | null;
  /** `22H2` and the like (absent before Windows 10 20H2); `ReleaseId` (`2004`) is used when it is. */
  displayVersion: string | null;
}

export type FlowSupport = 'supported' | 'unsupported';

export interface BuildVerdict {
  modern: FlowSupport;
  trust: FlowSupport;
  /** What the build is taken for, e.g. `Windows 10 (build 19045.4046, client)`. */
  label: string;
}

const str = (values: readonly RegValue[], name: string): string | null =>
  values.find((v) => v.name.toLowerCase() === name.toLowerCase() && (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ'))
    ?.data || null;

/**
 * `reg query` of CurrentVersion → the build; ParseError(WINBUILD_NOT_RECOGNISED) when CurrentBuild is absent or not a
 * number.
 */
export function parseWindowsBuild(text: string): WindowsBuild {
  const values = parseRegQuery(text);
  const raw = str(values, 'CurrentBuild') ?? str(values, 'CurrentBuildNumber');
  if (!raw || !/^\d{3,6}$/.test(raw))
    throw new ParseError('WINBUILD_NOT_RECOGNISED', 'no CurrentBuild value in the reg query output');
  return {
    build: Number(raw),
    ubr: dword(values, 'UBR'),
    installationType: str(values, 'InstallationType'),
    productName: str(values, 'ProductName'),
    displayVersion: str(values, 'DisplayVersion') ?? str(values, 'ReleaseId'),
  };
}

const isServer = (b: WindowsBuild): boolean =>
  /server/i.test(b.installationType ?? '') || (b.installationType === null && /server/i.test(b.productName ?? ''));

/** Which flows this build can use (the thresholds above). */
export function flowSupportForBuild(build: WindowsBuild): BuildVerdict {
  const server = isServer(build);
  const version = `build ${build.build}${build.ubr === null ? '' : `.${build.ubr}`}, ${server ? 'server' : 'client'}`;
  // ProductName still says "Windows 10" on Windows 11 (Microsoft never changed the value): the build decides.
  const family = server
    ? build.build >= 20348
      ? 'Windows Server 2022 or later'
      : build.build >= 9200
        ? 'Windows Server 2012 to 2019'
        : 'Windows Server before 2012'
    : build.build >= 22000
      ? 'Windows 11'
      : build.build >= 10240
        ? 'Windows 10'
        : 'Windows before 10';
  const modern: FlowSupport = (server ? build.build >= 20348 : build.build >= 19041) ? 'supported' : 'unsupported';
  const trust: FlowSupport = (server ? build.build >= 9200 : build.build >= 10240) ? 'supported' : 'unsupported';
  return { modern, trust, label: `${family} (${version}${build.displayVersion ? `, ${build.displayVersion}` : ''})` };
}

/**
 * What the CurrentVersion key's values hold, for redaction (engine/report/redact-tool-output.ts): the build and
 * edition are Microsoft's; RegisteredOwner and RegisteredOrganization name the person and the company; ProductId
 * is the licence's. Any other value is redacted (DigitalProductId is never collected).
 */
export const CURRENT_VERSION_FIELD_KINDS: RegKeyFieldKinds = {
  key: CURRENT_VERSION_KEY,
  values: {
    currentbuild: 'fixed',
    currentbuildnumber: 'fixed',
    currentversion: 'fixed',
    currentmajorversionnumber: 'fixed',
    currentminorversionnumber: 'fixed',
    ubr: 'fixed',
    installationtype: 'fixed',
    productname: 'fixed',
    editionid: 'fixed',
    compositioneditionid: 'fixed',
    displayversion: 'fixed',
    releaseid: 'fixed',
    buildlab: 'fixed',
    buildlabex: 'fixed',
    buildbranch: 'fixed',
    installdate: 'fixed',
    installtime: 'fixed',
    systemroot: 'path',
    pathname: 'path',
    registeredowner: 'user',
    registeredorganization: 'org',
    productid: 'secret',
  },
};
