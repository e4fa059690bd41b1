// KRB-ERROR (RFC 4120 §5.9.1): what a KDC (or a service, inside a GSS token) says when it refuses.
// Only names, numbers and times are read; e-data is looked into just for the offered enctypes.
import { DerReader, TAG_UNIVERSAL, principalText, type Asn } from './der';
import { krbErrorName } from './krb-error-codes';
import { enctypeName } from './enctypes';

export interface KrbErrorInfo {
  errorCode: number;
  errorName: string;
  /** The responder's clock (stime + susec): compared to ours for clock skew. */
  serverTime: Date;
  serverUsec: number;
  realm: string;
  server: string;
  clientRealm: string | null;
  client: string | null;
  eText: string | null;
  /** Enctypes the KDC offers for pre-authentication (from PA-ETYPE-INFO2 in e-data), strongest first. */
  offeredEnctypes: { etype: number; name: string }[];
}

const PA_ETYPE_INFO2 = 19;

/** Parse a KRB-ERROR element ([APPLICATION 30]). */
export function readKrbError(r: DerReader, node: Asn): KrbErrorInfo {
  const f = r.fields(r.application(node, 30, 'KRB-ERROR'), 'KRB-ERROR');
  const pvno = r.int(r.need(f, 0, 'pvno'), 'pvno');
  const msgType = r.int(r.need(f, 1, 'msg-type'), 'msg-type');
  if (pvno !== 5 || msgType !== 30) r.fail(`KRB-ERROR has pvno ${pvno}, msg-type ${msgType}`);
  const serverTime = r.time(r.need(f, 4, 'stime'), 'stime');
  const serverUsec = r.int(r.need(f, 5, 'susec'), 'susec');
  if (serverUsec < 0 || serverUsec > 999999) r.fail('susec out of range');
  const errorCode = r.int(r.need(f, 6, 'error-code'), 'error-code');
  const realm = r.string(r.need(f, 9, 'realm'), 'realm');
  const sname = r.principal(r.need(f, 10, 'sname'), 'sname');
  const crealmNode = f.get(7);
  const cnameNode = f.get(8);
  const clientRealm = crealmNode ? r.string(crealmNode, 'crealm') : null;
  const client = cnameNode ? principalText(r.principal(cnameNode, 'cname').components, clientRealm ?? realm) : null;
  const eTextNode = f.get(11);
  const eDataNode = f.get(12);
  return {
    errorCode,
    errorName: krbErrorName(errorCode),
    serverTime: new Date(serverTime.getTime() + Math.floor(serverUsec / 1000)),
    serverUsec,
    realm,
    server: principalText(sname.components, realm),
    clientRealm,
    client,
    eText: eTextNode ? r.string(eTextNode, 'e-text') : null,
    offeredEnctypes: eDataNode ? offeredEnctypes(r.octets(eDataNode, 'e-data')) : [],
  };
}

/** Best effort: e-data is METHOD-DATA only for some errors, so a shape we don't know yields []. */
function offeredEnctypes(eData: Uint8Array): { etype: number; name: string }[] {
  const r = new DerReader('E_DATA', 'e-data');
  try {
    const methods = r.decode(eData);
    if (!r.isTag(methods, TAG_UNIVERSAL, 16)) return [];
    for (const pa of r.children(methods)) {
      const pf = r.fields(pa, 'PA-DATA');
      if (r.int(r.need(pf, 1, 'padata-type'), 'padata-type') !== PA_ETYPE_INFO2) continue;
      const info = r.decode(r.octets(r.need(pf, 2, 'padata-value'), 'padata-value'));
      return r.children(info).map((entry) => {
        const etype = r.int(r.need(r.fields(entry, 'ETYPE-INFO2-ENTRY'), 0, 'etype'), 'etype');
        return { etype, name: enctypeName(etype) };
      });
    }
  } catch {
    return [];
  }
  return [];
}
