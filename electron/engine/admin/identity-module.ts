// The identity library's credentials `kerbprobe admin` signs in with. The build makes this module a bundle of its
// own beside the CLI's and the engine host's (dist/azure-identity.cjs, build/build.mjs): only an admin read loads
// @azure/identity and MSAL, so no other command pays for parsing them at start-up. The Windows single executable
// carries it inside (build/windows/bundle-cli.mjs).
export { AzureCliCredential, DeviceCodeCredential } from '@azure/identity';
