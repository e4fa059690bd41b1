// Outputs of the Windows commands the device checks read, in their documented layouts, written for these tests
// (reg.exe: a blank line, the key, values indented by four spaces; whoami's table; netsh winhttp's two lines;
// sc query's STATE line), and the layout variants users paste: CRLF, UTF-16LE with a BOM (PowerShell's `>`).
import { decodeText } from '../../../electron/engine/tickets/pasted-text';

export const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
/** The text as PowerShell's `>` writes it (UTF-16LE, BOM), read back the way pasted files are. */
export const viaUtf16 = (s: string): string =>
  decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));

export const CURRENT_VERSION_W11 = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion
    SystemRoot    REG_SZ    C:\\WINDOWS
    CurrentBuildNumber    REG_SZ    22631
    CurrentVersion    REG_SZ    6.3
    InstallationType    REG_SZ    Client
    ProductName    REG_SZ    Windows 10 Enterprise
    ReleaseId    REG_SZ    2009
    DisplayVersion    REG_SZ    23H2
    CurrentBuild    REG_SZ    22631
    UBR    REG_DWORD    0x116c

`;
/** Windows 10 1909: no DisplayVersion yet (ReleaseId only). */
export const CURRENT_VERSION_1909 = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion
    CurrentBuild    REG_SZ    18363
    InstallationType    REG_SZ    Client
    ProductName    REG_SZ    Windows 10 Pro
    ReleaseId    REG_SZ    1909
    UBR    REG_DWORD    0x4d7

`;
/** Windows Server 2012 R2: no UBR value at all on an unpatched image. */
export const CURRENT_VERSION_2012R2 = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion
    CurrentBuild    REG_SZ    9600
    CurrentBuildNumber    REG_SZ    9600
    InstallationType    REG_SZ    Server
    ProductName    REG_SZ    Windows Server 2012 R2 Datacenter

`;

export const WHOAMI_INTERACTIVE = `
GROUP INFORMATION
-----------------

Group Name                             Type             SID          Attributes
====================================== ================ ============ ==================================================
Everyone                               Well-known group S-1-1-0      Mandatory group, Enabled by default, Enabled group
BUILTIN\\Administrators                 Alias            S-1-5-32-544 Group used for deny only
NT AUTHORITY\\INTERACTIVE               Well-known group S-1-5-4      Mandatory group, Enabled by default, Enabled group
CONSOLE LOGON                          Well-known group S-1-2-1      Mandatory group, Enabled by default, Enabled group
Mandatory Label\\Medium Mandatory Level Label            S-1-16-8192
`;
/** `whoami /groups /fo csv /nh` of an elevated prompt, in Spanish (names translated; SIDs are not). */
export const WHOAMI_ELEVATED_CSV_ES = `"Todos","Grupo conocido","S-1-1-0","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado"
"BUILTIN\\Administradores","Alias","S-1-5-32-544","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado, Propietario de grupo"
"NT AUTHORITY\\INTERACTIVO","Grupo conocido","S-1-5-4","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado"
"Etiqueta obligatoria\\Nivel obligatorio alto","Etiqueta","S-1-16-12288",""
`;
export const WHOAMI_SERVICE_LIST = `
GROUP INFORMATION
-----------------

Group Name: Everyone
Type:       Well-known group
SID:        S-1-1-0
Attributes: Mandatory group, Enabled by default, Enabled group

Group Name: NT AUTHORITY\\SERVICE
Type:       Well-known group
SID:        S-1-5-6
Attributes: Mandatory group, Enabled by default, Enabled group

Group Name: Mandatory Label\\System Mandatory Level
Type:       Label
SID:        S-1-16-16384
Attributes:
`;

export const NETSH_DIRECT = `
Current WinHTTP proxy settings:

    Direct access (no proxy server).

`;
export const NETSH_PROXY = `
Current WinHTTP proxy settings:

    Proxy Server(s) :  proxy.contoso.com:8080
    Bypass List     :  <local>;*.contoso.com

`;
export const NETSH_PROXY_DE = `
Aktuelle WinHTTP-Proxyeinstellungen:

    Proxyserver     :  http=127.0.0.1:8888;https=127.0.0.1:8888
    Umgehungsliste  :  (keine)

`;

export const SC_RUNNING = `
SERVICE_NAME: iphlpsvc
        TYPE               : 20  WIN32_SHARE_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
`;
/** A French sc: the state's word is translated, its number is not. */
export const SC_STOPPED_FR = `
SERVICE_NAME: WinHttpAutoProxySvc
        TYPE               : 20  WIN32_SHARE_PROCESS
        STATE              : 1  ARRETE
        WIN32_EXIT_CODE    : 1077  (0x435)
`;
export const SC_MISSING = `[SC] EnumQueryServicesStatus:OpenService FAILED 1060:

The specified service does not exist as an installed service.
`;

export const HOST_TO_REALM = `
HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm

HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm\\CONTOSO.COM
    SpnMappings    REG_MULTI_SZ    .database.windows.net\\0sql01.contoso.com

HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm\\KERBEROS.MICROSOFTONLINE.COM
    SpnMappings    REG_MULTI_SZ    sqlmi1.abc123.database.windows.net

`;

export const PROXY_MGR_FIDDLER = `
HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr

HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr\\{9B2E4C1A-1111-4C2B-8F00-0123456789AB}
    StaticProxy    REG_SZ    http=127.0.0.1:8888;https=127.0.0.1:8888
    UseProxy    REG_DWORD    0x1

HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr\\{0C1D2E3F-2222-4C2B-8F00-0123456789AB}
    StaticProxy    REG_SZ    proxy.contoso.com:88880

`;
