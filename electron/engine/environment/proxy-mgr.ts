// Proxy entries the IP Helper service keeps under HKLM\SYSTEM\CurrentControlSet\Services\iphlpsvc\Parameters\ProxyMgr
// (`reg query … /s`: one subkey per entry, a `StaticProxy` such as `http=127.0.0.1:8888;https=127.0.0.1:8888`). A
// debugging proxy (Fiddler listens on 8888) that was closed leaves them behind, and the Kerberos client's KDC proxy
// traffic then goes nowhere (klist 0x51f). Microsoft's fix: remove the `:8888` entries, reboot, and make sure the
// WinHttpAutoProxySvc and iphlpsvc services run —
// https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication
// (Microsoft Entra
// Kerberos, "Error - klist get … 0x51f"), and for Azure SQL MI:
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { parseRegQuery } from './reg-query';

export const PROXY_MGR_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr';
/** The port Fiddler listens on by default. */
export const FIDDLER_PORT = 8888;

export interface ProxyMgrEntry {
  key: string;
  name: string;
  value: string;
}

/** Every string value of the ProxyMgr tree; `fiddler` are those naming port 8888. */
export function parseProxyMgr(text: string): { entries: ProxyMgrEntry[]; fiddler: ProxyMgrEntry[] } {
  const entries = parseRegQuery(text)
    .filter((v) => v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ')
    .map((v) => ({ key: v.key, name: v.name, value: v.data }));
  return { entries, fiddler: entries.filter((e) => new RegExp(`:${FIDDLER_PORT}(?!\\d)`).test(e.value)) };
}

/**
 * What the ProxyMgr tree holds, for redaction (engine/report/redact-tool-output.ts): one subkey per connection
 * (a GUID), each with its StaticProxy list (`http=host:port;https=host:port`) and the hosts it bypasses.
 */
export const PROXY_MGR_FIELD_KINDS: RegKeyFieldKinds = {
  key: PROXY_MGR_KEY,
  subkey: 'tenant',
  values: { staticproxy: 'proxy', proxyoverride: 'hosts', autoconfigurl: 'url' },
};
