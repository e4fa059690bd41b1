// The diagnosis module's public surface: evidence types, the classifier and the catalogue.
export { CATALOG, catalogEntry, uncataloguedCodes, type CatalogEntry } from './catalog';
export { analyzeEvidence, classify, classifyOne, diagnosisFor, ROOT_CAUSE_ORDER, type Analysis, type EvidenceMatch } from './classify';
export { classifyStepEvidence, toEvidence, type StepEvidence, type StepEvidenceContext } from './classify-step-evidence';
export { CLOUD_REALM, describeEvidence, sanitizeEvidenceText, type Evidence, type KerberosStage, type NetworkStage, type TokenMechanism } from './evidence';
export { lookupKdcError, knownKdcErrors } from './kdc-errors';
export { lookupWindowsStatus, knownStatuses, parseStatus, formatStatus } from './windows-status';
