// Azure facts shared by the engine, the lab and the renderer. Pure data and functions, no Node imports:
// the renderer imports this module at run time too.

/** The realm Microsoft Entra ID runs its KDC under; Azure SQL SPNs live in it. */
export const CLOUD_REALM = 'KERBEROS.MICROSOFTONLINE.COM';

/** Host suffixes of Azure SQL (public and sovereign clouds) whose SPNs live in the Entra realm. */
export const AZURE_SQL_SUFFIXES: readonly string[] = [
  '.database.windows.net',
  '.database.chinacloudapi.cn',
  '.database.usgovcloudapi.net',
];

/** True for a host name under an Azure SQL DNS suffix (any case). */
export function isAzureSqlHost(host: string): boolean {
  const h = host.toLowerCase();
  return AZURE_SQL_SUFFIXES.some((s) => h.endsWith(s));
}
