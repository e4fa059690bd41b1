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
import { bucketLabel, timelineCodes } from '../lib/fleet-timeline';
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
  const codes = byCode.map((segment) => `${segment.code} ${segment.failures}`).join(', ');
  return `${label}: ${checks} checks, ${failures} failed${codes ? ` (${codes})` : ''}`;
}

/** The chart's stacks, one per bucket, and which bucket each drawn segment belongs to (for a click). */
function chartStacks(
  timeline: FleetTimeline,
  codes: readonly DiagnosisCode[],
): { stacks: VerticalStackedChartProps[]; bucketOf: Map<VSChartDataPoint, number> } {
  const colour = new Map(codes.map((code, rank) => [code, PALETTE[rank % PALETTE.length]!]));
  const bucketOf = new Map<VSChartDataPoint, number>();
  const stacks = timeline.buckets.map((bucket, index): VerticalStackedChartProps => {
    const label = bucketLabel(bucket.start, timeline.unit);
    // Every stack in the same order (the legend's), so a code sits at the same height in each bar.
    const ordered = [...bucket.byCode].sort((one, other) => codes.indexOf(one.code) - codes.indexOf(other.code));
    const points: VSChartDataPoint[] = ordered.map((segment) => ({
      legend: segment.code,
      data: segment.failures,
      color: colour.get(segment.code)!,
      xAxisCalloutData: label,
      callOutAccessibilityData: {
        ariaLabel: `${label}: ${segment.code} ${segment.failures} failed of ${bucket.checks}`,
      },
    }));
    for (const point of points) bucketOf.set(point, index);
    return {
      xAxisPoint: label,
      chartData: points,
      lineData: [
        { y: bucket.checks, legend: CHECKS, color: CHECKS_COLOUR, useSecondaryYScale: true, data: bucket.checks },
      ],
      stackCallOutAccessibilityData: {
        ariaLabel: bucketSentence(label, bucket.checks, bucket.failures, bucket.byCode),
      },
    };
  });
  return { stacks, bucketOf };
}

/** The same numbers as a table (keyboard and screen reader): each bucket's button narrows as its bar does. */
function TimelineTable({
  timeline,
  headlines,
  unitWord,
  onBucket,
}: {
  timeline: FleetTimeline;
  headlines: Partial<Record<DiagnosisCode, string>>;
  unitWord: string;
  onBucket(index: number): void;
}) {
  const styles = useStyles();
  return (
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
                <Button size="small" appearance="transparent" onClick={() => onBucket(index)}>
                  {bucketLabel(bucket.start, timeline.unit)}
                </Button>
              </TableCell>
              <TableCell className={styles.numbers}>{bucket.checks}</TableCell>
              <TableCell className={styles.numbers}>{bucket.failures}</TableCell>
              <TableCell>
                {bucket.byCode.map((segment) => (
                  <span key={segment.code} data-segment={segment.code} data-failures={segment.failures}>
                    <CodeLabel code={segment.code} headline={headlines[segment.code]} compact /> {segment.failures}{' '}
                  </span>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </details>
  );
}

export function FleetTimelineChart({ timeline, headlines, selected, onNarrow }: Props) {
  const styles = useStyles();
  const codes = useMemo(() => timelineCodes(timeline), [timeline]);
  const { stacks, bucketOf } = useMemo(() => chartStacks(timeline, codes), [timeline, codes]);

  const narrowToBucket = (index: number) =>
    onNarrow({
      ...(selected.code ? { code: selected.code } : {}),
      from: timeline.buckets[index]!.start,
      to: timeline.buckets[index]!.end,
    });
  // A focused bar (the chart makes each segment a focusable option labelled "<bucket>: …") narrows on Enter or
  // Space, as a click does.
  const labels = timeline.buckets.map((bucket) => bucketLabel(bucket.start, timeline.unit));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target as Element;
    const label = target.getAttribute('aria-label') ?? '';
    const index = labels.findIndex((name) => label.startsWith(`${name}:`));
    if (target.tagName.toLowerCase() !== 'rect' || index < 0) return;
    event.preventDefault();
    narrowToBucket(index);
  };
  const unitWord = timeline.unit;

  return (
    <section aria-label="Timeline" className={styles.root} data-testid="fleet-timeline" data-unit={timeline.unit}>
      <Text as="h3" size={400} weight="semibold">
        Checks per {unitWord} (UTC), failures by code
      </Text>
      {timeline.earlier > 0 && (
        <Text size={200}>
          {timeline.earlier} earlier checks are before the first {unitWord} drawn.
        </Text>
      )}
      {timeline.buckets.length === 0 ? (
        <Text size={200}>No checks to draw.</Text>
      ) : (
        <div className={styles.chart} onKeyDown={onKeyDown} role="presentation">
          <VerticalStackedBarChart
            data={stacks}
            height={260}
            chartTitle={`Checks per ${unitWord}, failures stacked by diagnosis code`}
            barWidth="auto"
            maxBarWidth={48}
            hideLabels
            secondaryYScaleOptions={{
              yMinValue: 0,
              yMaxValue: Math.max(1, ...timeline.buckets.map((bucket) => bucket.checks)),
            }}
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
      )}
      <TimelineTable timeline={timeline} headlines={headlines} unitWord={unitWord} onBucket={narrowToBucket} />
    </section>
  );
}
