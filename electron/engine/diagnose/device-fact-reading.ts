// How a Windows device fact reads: by its finding (see findingReading). Shared by the device-fact sources.
import type { EvidenceSource, Finding, Reading } from './evidence-source';
import { findingReading } from './evidence-source';

/** The reading of a device fact, from the source's own describe and judge. */
export function readDeviceFact<E extends { kind: string }>(source: EvidenceSource<E>, e: E): Reading {
  const found: Finding | null = source.judge?.(e) ?? null;
  return findingReading(source.describe(e), found);
}
