// The Helpdesk view's analysis (renderer/src/components/analysis-view.tsx), rendered to HTML over the engine's
// analysis of a real paste that was cut short: the complete part is shown, and a visible note says what was cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInputs } from '../../electron/engine/analyze/analyze-inputs';
import type { CombinedAnalysis } from '../../electron/contract/analysis';

// React, React DOM's server renderer, Fluent UI and the component are the renderer project's (its DOM types, its JSX
// settings): loaded by specifiers the Node project's type check does not follow. The tests run TypeScript with the
// root tsconfig (classic JSX: `React.createElement`), so React is made global before the component loads.
const load = async <T>(specifier: string): Promise<T> => (await import(specifier)) as T;
type Create = (type: unknown, props: unknown, ...children: unknown[]) => unknown;
const React = await load<{ createElement: Create }>('react');
Object.assign(globalThis, { React });
const { AnalysisView } = await load<{ AnalysisView: unknown }>('../../renderer/src/components/analysis-view.tsx');
const { renderToStaticMarkup } = await load<{ renderToStaticMarkup: (el: unknown) => string }>('react-dom/server');
const { FluentProvider, webLightTheme } = await load<{ FluentProvider: unknown; webLightTheme: unknown }>(
  '@fluentui/react-components',
);
const render = (analysis: CombinedAnalysis): string =>
  renderToStaticMarkup(
    React.createElement(FluentProvider, { theme: webLightTheme }, React.createElement(AnalysisView, { analysis })),
  );

const real = (file: string) => ({
  name: file,
  content: readFileSync(new URL(`../fixtures/real/klist/${file}`, import.meta.url)),
});

test('a paste cut inside a ticket: the complete tickets are drawn and a "Read only in part" note says what was cut', () => {
  const analysis = analyzeInputs([real('klist-en-truncated-cross-forest.txt')], { fallback: 'earliest' });
  const html = render(analysis);
  const note = /data-testid="read-in-part"[^>]*>([^]*?)<\/div><\/div>/.exec(html)?.[1] ?? '';
  assert.match(note, /Read only in part/);
  assert.match(note, /ticket #2 \(from line 30\)/);
  assert.match(note, /2 of 6 announced tickets read/);
  assert.match(html, /krbtgt\/contoso\.com/);
  assert.match(html, /krbtgt\/fabrikam\.com/);
  assert.match(html, /cut short and read only in part/);
});

test('a complete paste shows no "Read only in part" note', () => {
  const analysis = analyzeInputs([real('klist-fr-after-purge.txt')], { fallback: 'earliest' });
  const html = render(analysis);
  assert.doesNotMatch(html, /read-in-part/);
  assert.match(html, /No problem found in what was given/);
});
