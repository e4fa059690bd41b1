// SSPI's answers for the lab, for the check's Windows path on this machine: the ticket is obtained for real
// through this process's binding (MIT GSSAPI against the lab's KDCs), and a failure is given back the way
// SSPI gives it — "<API>: <the Windows message>" with no number in the text, as the kerberos addon's win32
// code formats it (FormatMessage after the API name; mongodb-js/kerberos src/win32/kerberos_sspi.cc) — for
// the KDC answers whose SSPI status Microsoft documents (winerror.h; the MI troubleshooting table in the
// README). A KDC answer without a documented status keeps its MIT text, and the matrix says so.
import { createBindingContext, type BindingOptions, type BindingSecurityContext } from '../../engine/kerberos/binding';
import { GssError } from '../../engine/kerberos/gss-error';
import type { SecurityTarget } from '../../engine/kerberos/security-context';

/** MIT's message for a KDC answer → the SSPI status Windows returns for it, with its English message. */
const SSPI_FOR_MIT: { mit: RegExp; status: string; text: string }[] = [
  {
    mit: /not found in Kerberos database/i,
    status: 'SEC_E_TARGET_UNKNOWN',
    text: 'The specified target is unknown or unreachable.',
  },
  {
    mit: /Cannot contact any KDC|Cannot find KDC/i,
    status: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
    text: 'No authority could be contacted for authentication.',
  },
  {
    mit: /Clock skew too great/i,
    status: 'SEC_E_TIME_SKEW',
    text: 'The clocks on the client and server machines are skewed.',
  },
  {
    mit: /KDC has no support for encryption type/i,
    status: 'SEC_E_KDC_UNKNOWN_ETYPE',
    text: 'The encryption type requested is not supported by the KDC.',
  },
  {
    mit: /No Kerberos credentials available|No credentials cache found|Credentials cache file .* not found/i,
    status: 'SEC_E_NO_CREDENTIALS',
    text: 'No credentials are available in the security package',
  },
];

function asSspi(err: unknown): unknown {
  if (!(err instanceof GssError) || err.provider !== 'gssapi') return err;
  const m = SSPI_FOR_MIT.find((x) => x.mit.test(err.rawMessage));
  if (!m) return err;
  const api = err.call === 'initialize' ? 'AcquireCredentialsHandle' : 'InitializeSecurityContext';
  return new GssError('GSS_FAILURE', { ...err.args, provider: 'sspi', rawMessage: `${api}: ${m.text}` });
}

/** A security-context factory that answers like SSPI (pass it as the platform's `sspi`). */
export function labSspi(): (target: SecurityTarget, options: BindingOptions) => Promise<BindingSecurityContext> {
  return async (target, options) => {
    let ctx: BindingSecurityContext;
    try {
      // The native layer is this process's (MIT): its own platform, not the emulated one.
      // Negotiate unless the Kerberos package is asked for, as on Windows.
      ctx = await createBindingContext(target, {
        ...options,
        mechanism: options.mechanism ?? 'spnego',
        platform: process.platform,
        classify: null,
      });
    } catch (err) {
      throw asSspi(err);
    }
    return new Proxy(ctx, {
      get(target, key) {
        if (key === 'step')
          return async (...args: Parameters<BindingSecurityContext['step']>) => {
            try {
              return await target.step(...args);
            } catch (err) {
              throw asSspi(err);
            }
          };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}
