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
export function readKrbError(reader: DerReader, node: Asn): KrbErrorInfo {
  const fields = reader.fields(reader.application(node, 30, 'KRB-ERROR'), 'KRB-ERROR');
  const pvno = reader.int(reader.need(fields, 0, 'pvno'), 'pvno');
  const msgType = reader.int(reader.need(fields, 1, 'msg-type'), 'msg-type');
  if (pvno !== 5 || msgType !== 30) reader.fail(`KRB-ERROR has pvno ${pvno}, msg-type ${msgType}`);
  const serverTime = reader.time(reader.need(fields, 4, 'stime'), 'stime');
  const serverUsec = reader.int(reader.need(fields, 5, 'susec'), 'susec');
  if (serverUsec < 0 || serverUsec > 999999) reader.fail('susec out of range');
  const errorCode = reader.int(reader.need(fields, 6, 'error-code'), 'error-code');
  const realm = reader.string(reader.need(fields, 9, 'realm'), 'realm');
  const sname = reader.principal(reader.need(fields, 10, 'sname'), 'sname');
  const crealmNode = fields.get(7);
  const cnameNode = fields.get(8);
  const clientRealm = crealmNode ? reader.string(crealmNode, 'crealm') : null;
  const client = cnameNode
    ? principalText(reader.principal(cnameNode, 'cname').components, clientRealm ?? realm)
    : null;
  const eTextNode = fields.get(11);
  const eDataNode = fields.get(12);
  return {
    errorCode,
    errorName: krbErrorName(errorCode),
    serverTime: new Date(serverTime.getTime() + Math.floor(serverUsec / 1000)),
    serverUsec,
    realm,
    server: principalText(sname.components, realm),
    clientRealm,
    client,
    eText: eTextNode ? reader.string(eTextNode, 'e-text') : null,
    offeredEnctypes: eDataNode ? offeredEnctypes(reader.octets(eDataNode, 'e-data')) : [],
  };
}

/** Best effort: e-data is METHOD-DATA only for some errors, so a shape we don't know yields []. */
function offeredEnctypes(eData: Uint8Array): { etype: number; name: string }[] {
  const reader = new DerReader('E_DATA', 'e-data');
  try {
    const methods = reader.decode(eData);
    if (!reader.isTag(methods, TAG_UNIVERSAL, 16)) return [];
    for (const pa of reader.children(methods)) {
      const pf = reader.fields(pa, 'PA-DATA');
      if (reader.int(reader.need(pf, 1, 'padata-type'), 'padata-type') !== PA_ETYPE_INFO2) continue;
      const info = reader.decode(reader.octets(reader.need(pf, 2, 'padata-value'), 'padata-value'));
      return reader.children(info).map((entry) => {
        const etype = reader.int(reader.need(reader.fields(entry, 'ETYPE-INFO2-ENTRY'), 0, 'etype'), 'etype');
        return { etype, name: enctypeName(etype) };
      });
    }
  } catch {
    return [];
  }
  return [];
}
