// A long name (realm, SPN, host, registry path) that may wrap only between its labels: a <wbr> after each
// dot, slash, backslash, colon, @ or comma (lib/name-breaks).
import { Fragment } from 'react';
import { nameParts } from '../lib/name-breaks';

export function BreakableName({ text }: { text: string }) {
  const parts = nameParts(text);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
