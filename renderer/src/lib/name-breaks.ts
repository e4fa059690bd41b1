// Where a long name may wrap: after a dot, slash, backslash, colon, @ or comma — between labels, never inside
// one ("CONTOSO.TEST" wraps as "CONTOSO." / "TEST", never "CONTOSO.TES" / "T"). Components put a <wbr> after
// each part; overflow-wrap stays "break-word" so only a single label wider than its box is ever cut.

const AFTER = /(?<=[./\\:@,])(?=[^./\\:@,])/;

export function nameParts(name: string): string[] {
  return name.split(AFTER).filter((p) => p !== '');
}

/** Where a diagnosis code may wrap: after each underscore, never inside a word ("KDC_" / "UNREACHABLE"). */
export function codeParts(code: string): string[] {
  return code.split(/(?<=_)(?=[^_])/).filter((p) => p !== '');
}
