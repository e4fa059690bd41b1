// Where the check's Windows path gives another code than the MIT path for the same lab scenario, and why:
// one list for every suite that runs both paths (the Windows matrix, the chain/steps/diagnosis agreement).
export const WINDOWS_DIFFERENCES: Readonly<Record<string, { code: string | null; why: string }>> = {
  'kdc-proxy-inspected': {
    code: 'KDC_PROXY_TLS_INSPECTION',
    why:
      "the Windows path reads the KDC proxy's certificate (proxy-path): its issuer is not the expected " +
      'chain; MIT only sees the handshake fail',
  },
};

/** The code the Windows path gives for a scenario whose MIT code is `mitCode`. */
export const windowsCodeFor = (scenario: string, mitCode: string | null): string | null =>
  WINDOWS_DIFFERENCES[scenario]?.code ?? mitCode;
