// Input generators shared by the fuzz targets: random bytes or text, and mutations of real seeds
// (fixtures, builder output). Mutations are the ones that find parser bugs in practice: flipped and
// overwritten bytes, cuts, insertions, duplicated and deleted spans, and boundary-length values
// (0, 0x7f, 0x80, 0xff, 0xffff…) written where a length field may sit.
import fc from 'fast-check';

type Edit = [op: 'set' | 'cut' | 'ins' | 'del' | 'dup' | 'len', at: number, value: number, span: number];

const BOUNDARY = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xfe, 0xff];
const edit: fc.Arbitrary<Edit> = fc.tuple(
  fc.constantFrom<Edit[0]>('set', 'cut', 'ins', 'del', 'dup', 'len'),
  fc.nat(),
  fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 1, max: 64 }),
);

function applyEdit(b: Buffer, [op, at, value, span]: Edit): Buffer {
  const i = b.length === 0 ? 0 : at % b.length;
  switch (op) {
    case 'set': {
      const c = Buffer.from(b);
      if (c.length) c[i] = value;
      return c;
    }
    case 'cut':
      return b.subarray(0, i);
    case 'ins':
      return Buffer.concat([b.subarray(0, i), Buffer.from([value]), b.subarray(i)]);
    case 'del':
      return Buffer.concat([b.subarray(0, i), b.subarray(i + span)]);
    case 'dup':
      return Buffer.concat([b.subarray(0, i + span), b.subarray(i)]);
    case 'len': {
      const c = Buffer.from(b);
      const v = BOUNDARY[value % BOUNDARY.length]!;
      for (let k = 0; k < 1 + (span % 4) && i + k < c.length; k++) c[i + k] = v;
      return c;
    }
  }
}

/** Seeds with 1–6 edits each. */
export function mutatedBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([seed, edits]) => edits.reduce(applyEdit, Buffer.from(seed)));
}

/** Random bytes, bytes behind a plausible first byte, and mutated seeds (half the cases). */
export function anyBytes(seeds: readonly Uint8Array[], maxLength = 600): fc.Arbitrary<Buffer> {
  const leads = [...new Set(seeds.map((s) => s[0] ?? 0))];
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength }).map((a) => Buffer.from(a)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...leads), fc.uint8Array({ maxLength }))
        .map(([l, a]) => Buffer.from([l, ...a])),
    },
    { weight: 2, arbitrary: mutatedBytes(seeds) },
  );
}

const textEdit = fc.tuple(
  fc.nat(),
  fc.nat(40),
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '\r\n',
      '\n\n',
      '#0>',
      ' : ',
      '\u0000',
      '\ufeff',
      '12/31/9999 23:59:59',
      '0x40e10000',
      ' (',
      ')',
      '@',
      '/',
      '\t',
      'AES-256-CTS-HMAC-SHA1-96',
      '-'.repeat(200),
    ),
  ),
);

/** Fixture text with 1–6 edits, lines shuffled or repeated, arbitrary text, and text made of delimiters. */
export function anyText(seeds: readonly string[], maxLength = 400): fc.Arbitrary<string> {
  const edited = fc
    .tuple(fc.constantFrom(...seeds), fc.array(textEdit, { minLength: 1, maxLength: 6 }))
    .map(([base, edits]) =>
      edits.reduce((s, [at, del, ins]) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + ins + s.slice(i + del);
      }, base),
    );
  const lines = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.nat(), { minLength: 1, maxLength: 80 }))
    .map(([base, picks]) => {
      const ls = base.split(/\r?\n/);
      return picks.map((p) => ls[p % ls.length]).join('\n');
    });
  return fc.oneof(
    { weight: 3, arbitrary: edited },
    { weight: 1, arbitrary: lines },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom('#', '0', '>', '\t', ':', ' ', '\n', '\r', '@', 'x', '/', '(', ')', '-', '.', 'Z', '1'),
        maxLength,
      }),
    },
  );
}

/** Splits bytes at arbitrary points, as TCP may deliver them. */
export function chunked(input: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer[]> {
  return fc.tuple(input, fc.array(fc.nat(), { maxLength: 6 })).map(([b, cuts]) => {
    const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
    const out: Buffer[] = [];
    let last = 0;
    for (const p of points) {
      out.push(b.subarray(last, p));
      last = p;
    }
    out.push(b.subarray(last));
    return out;
  });
}
