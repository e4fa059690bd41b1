// The identity library's credentials `kerbprobe admin` signs in with, in one place. The build makes the admin read
// (run-admin.ts and what it loads, this included) a bundle of its own beside the CLI's and the engine host's
// (dist/kerbprobe-admin.cjs, build/build.mjs): only an admin read loads @azure/identity and MSAL, so no other
// command pays for parsing them at start-up. The Windows single executable carries it inside.
export { AzureCliCredential, DeviceCodeCredential } from '@azure/identity';
