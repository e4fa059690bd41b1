// The Fleet tab's timeline: checks per bucket (hour, day or week, UTC) with the failures stacked by diagnosis
// code, drawn by Fluent UI's chart library; a click on a bar narrows to that bucket, a click on a code in the
// legend to that code. The same numbers as a table under it (keyboard and screen reader: each row's button
// narrows as a bar click does), and as each bar's accessible label.
import { useMemo, type KeyboardEvent } from 'react';
import {
  DataVizPalette,
  VerticalStackedBarChart,
  getColorFromToken,
  type VerticalStackedChartProps,
  type VSChartDataPoint,
} from '@fluentui/react-charts';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetTimeline } from '../../../electron/contract/fleet';
import { bucketEnd, bucketLabel, timelineCodes } from '../lib/fleet-timeline';
import { CodeLabel } from './code-label';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  chart: { minWidth: 0, width: '100%' },
  details: { fontSize: tokens.fontSizeBase200 },
  numbers: { fontVariantNumeric: 'tabular-nums' },
});

/** The qualitative palette, code by code in legend order; passes in the palette's neutral. */
const PALETTE = Object.entries(DataVizPalette)
  .filter(([name]) => /^color\d+$/.test(name))
  .map(([, token]) => getColorFromToken(token));
/** The line of all checks, on the right-hand axis (failures are a fraction of them). */
const CHECKS = 'All checks';
const CHECKS_COLOUR = getColorFromToken(DataVizPalette.disabled);

export interface TimelineNarrowing {
  code?: string;
  from?: string;
  to?: string;
}

interface Props {
  timeline: FleetTimeline;
  headlines: Partial<Record<DiagnosisCode, string>>;
  /** The narrowing in force (its code is the legend's selection). */
  selected: TimelineNarrowing;
  onNarrow(narrowing: TimelineNarrowing): void;
}

/** One bucket's words: its name, checks, failures and each code's failures — its bar's accessible label. */
function bucketSentence(label: string, checks: number, failures: number, byCode: { code: string; failures: number }[]) {
  const codes = byCode.map((c) => `${c.code} ${c.failures}`).join(', ');
  return `${label}: ${checks} checks, ${failures} failed${codes ? ` (${codes})` : ''}`;
}

export function FleetTimelineChart({ timeline, headlines, selected, onNarrow }: Props) {
  const styles = useStyles();
  const codes = useMemo(() => timelineCodes(timeline), [timeline]);
  const { data, bucketOf } = useMemo(() => {
    const colour = new Map(codes.map((code, i) => [code, PALETTE[i % PALETTE.length]!]));
    const owner = new Map<VSChartDataPoint, number>();
    const stacks: VerticalStackedChartProps[] = timeline.buckets.map((bucket, index) => {
      const label = bucketLabel(bucket.start, timeline.unit);
      const sentence = bucketSentence(label, bucket.checks, bucket.failures, bucket.byCode);
      // Every stack in the same order (the legend's), so a code sits at the same height in each bar.
      const ordered = [...bucket.byCode].sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
      const points: VSChartDataPoint[] = ordered.map((c) => ({
        legend: c.code,
        data: c.failures,
        color: colour.get(c.code)!,
        xAxisCalloutData: label,
        callOutAccessibilityData: { ariaLabel: `${label}: ${c.code} ${c.failures} failed of ${bucket.checks}` },
      }));
      for (const p of points) owner.set(p, index);
      return {
        xAxisPoint: label,
        chartData: points,
        lineData: [
          { y: bucket.checks, legend: CHECKS, color: CHECKS_COLOUR, useSecondaryYScale: true, data: bucket.checks },
        ],
        stackCallOutAccessibilityData: { ariaLabel: sentence },
      };
    });
    return { data: stacks, bucketOf: owner };
  }, [timeline, codes]);

  const narrowToBucket = (index: number) =>
    onNarrow({
      ...(selected.code ? { code: selected.code } : {}),
      from: timeline.buckets[index]!.start,
      to: bucketEnd(timeline.buckets, index, timeline.unit),
    });
  // A focused bar (the chart makes each segment a focusable option labelled "<bucket>: …") narrows on Enter or
  // Space, as a click does.
  const labels = timeline.buckets.map((b) => bucketLabel(b.start, timeline.unit));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const label = (event.target as Element).getAttribute('aria-label') ?? '';
    const index = labels.findIndex((l) => label.startsWith(`${l}:`));
    if ((event.target as Element).tagName.toLowerCase() !== 'rect' || index < 0) return;
    event.preventDefault();
    narrowToBucket(index);
  };
  const unitWord = timeline.unit === 'hour' ? 'hour' : timeline.unit === 'day' ? 'day' : 'week';

  return (
    <section aria-label="Timeline" className={styles.root} data-testid="fleet-timeline" data-unit={timeline.unit}>
      <Text as="h3" size={400} weight="semibold">
        Checks per {unitWord} (UTC), failures by code
      </Text>
      <div className={styles.chart} onKeyDown={onKeyDown} role="presentation">
        <VerticalStackedBarChart
          data={data}
          height={260}
          chartTitle={`Checks per ${unitWord}, failures stacked by diagnosis code`}
          barWidth="auto"
          maxBarWidth={48}
          hideLabels
          secondaryYScaleOptions={{ yMinValue: 0, yMaxValue: Math.max(1, ...timeline.buckets.map((b) => b.checks)) }}
          secondaryYAxistitle="All checks"
          yAxisTitle="Failed checks"
          enabledLegendsWrapLines
          legendProps={{
            allowFocusOnLegends: true,
            canSelectMultipleLegends: false,
            selectedLegend: selected.code ?? '',
            onChange: (legends) => {
              const legend = legends[0];
              const { code: _dropped, ...rest } = selected;
              // The checks line is no code: choosing it clears the code.
              onNarrow(legend && legend !== CHECKS ? { ...rest, code: legend } : rest);
            },
          }}
          onBarClick={(_event, point) => {
            const index = bucketOf.get(point as VSChartDataPoint);
            if (index !== undefined) narrowToBucket(index);
          }}
        />
      </div>
      <details className={styles.details} data-testid="fleet-timeline-table">
        <summary>The timeline as a table</summary>
        <Table size="extra-small" aria-label="Checks and failures per bucket">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{unitWord[0]!.toUpperCase() + unitWord.slice(1)} (UTC)</TableHeaderCell>
              <TableHeaderCell>Checks</TableHeaderCell>
              <TableHeaderCell>Failed</TableHeaderCell>
              <TableHeaderCell>By code</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {timeline.buckets.map((bucket, index) => (
              <TableRow key={bucket.start} data-start={bucket.start}>
                <TableCell>
                  <Button size="small" appearance="transparent" onClick={() => narrowToBucket(index)}>
                    {bucketLabel(bucket.start, timeline.unit)}
                  </Button>
                </TableCell>
                <TableCell className={styles.numbers}>{bucket.checks}</TableCell>
                <TableCell className={styles.numbers}>{bucket.failures}</TableCell>
                <TableCell>
                  {bucket.byCode.map((c) => (
                    <span key={c.code} data-segment={c.code} data-failures={c.failures}>
                      <CodeLabel code={c.code} headline={headlines[c.code]} compact /> {c.failures}{' '}
                    </span>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </section>
  );
}
