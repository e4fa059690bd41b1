// The facts the classifier reads, as the rest of the engine names them. Each kind is what one source can
// honestly tell (its module under sources/, listed in registry.ts): a GSSAPI message, an SSPI status, a
// `klist get` substatus, a KDC error number, a SQL error, a socket or TLS error code, a Windows configuration
// fact, a ticket-chain finding. Numbers are preferred over texts because Windows texts are localized.
export type { KerberosStage, NetworkStage } from './evidence-source';
export { sanitizeEvidenceText } from './evidence-text';
export { describeEvidence, type Evidence, type EvidenceKind, type WindowsFact } from './registry';
export { CLOUD_REALM } from '../../contract/azure';
