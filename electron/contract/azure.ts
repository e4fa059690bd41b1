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

/** A managed instance's host name in parts: `<instance>.<dns zone>.<suffix>` or its public endpoint's name. */
export interface ManagedInstanceName {
  instance: string;
  zone: string;
  /** The Azure SQL DNS suffix without its leading dot (`database.windows.net`). */
  suffix: string;
  /** The name was `<instance>.public.<dns zone>.<suffix>` (sql-docs public-endpoint-configure.md). */
  publicEndpoint: boolean;
}

/**
 * The parts of a managed instance's VNet-local or public endpoint name (lower-cased); null for a name outside the
 * Azure SQL suffixes or of another shape.
 */
export function managedInstanceName(host: string): ManagedInstanceName | null {
  const h = host.toLowerCase();
  const suffix = AZURE_SQL_SUFFIXES.find((s) => h.endsWith(s));
  if (!suffix) return null;
  const labels = h.slice(0, -suffix.length).split('.');
  const [instance, second, third] = labels;
  const publicEndpoint = labels.length === 3 && second === 'public';
  const zone = publicEndpoint ? third : labels.length === 2 ? second : undefined;
  return instance && zone ? { instance, zone, suffix: suffix.slice(1), publicEndpoint } : null;
}
