'use strict';
// Bundle-time stand-in for @azure/identity and @azure/core-auth. tedious requires them at load time for
// its Entra token authentication types, which KerbProbe never uses (it logs in with Kerberos only).
// Leaving them out of the CLI bundle saves ~1.3 MB of code to parse on every cold start.
function unavailable(name) {
  return class {
    constructor() {
      throw new Error(`${name} is not part of KerbProbe: only Kerberos (integrated) authentication is supported`);
    }
  };
}
module.exports = {
  DefaultAzureCredential: unavailable('DefaultAzureCredential'),
  ClientSecretCredential: unavailable('ClientSecretCredential'),
  ManagedIdentityCredential: unavailable('ManagedIdentityCredential'),
  UsernamePasswordCredential: unavailable('UsernamePasswordCredential'),
  isTokenCredential: () => false,
};
