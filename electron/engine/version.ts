// Kept in step with package.json by a test (test/engine/version.test.ts): the tool's version and the exact
// versions of the packages the CLI and the app carry (package.json pins them exactly).
export const TOOL_VERSION = '0.1.0';

/** The pinned dependencies a build of KerbProbe carries: tedious in its bundles, the kerberos addon beside them. */
export const PINNED_VERSIONS = { tedious: '20.3.9', kerberos: '7.0.0' } as const;

/** What `kerbprobe --version --json` prints: this build's version, the Node it runs on, what it carries. */
export function versionDocument(): {
  name: 'kerbprobe';
  version: string;
  platform: string;
  node: string;
  pinned: typeof PINNED_VERSIONS;
} {
  return {
    name: 'kerbprobe',
    version: TOOL_VERSION,
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    pinned: PINNED_VERSIONS,
  };
}
