import { barChartSvg } from './chart';
import type { PhaseResult, ScenarioId } from './report';

/**
 * The cost ladder, from the floor up: each rung is the one below it plus one layer, so the step
 * between two rungs is what that layer costs a charge.
 */
export const LADDER: ReadonlyArray<{ scenario: ScenarioId; rung: string }> = [
  { scenario: 'lists-bare', rung: 'bare Redis lists' },
  { scenario: 'bullmq-bare', rung: 'bare BullMQ' },
  { scenario: 'nest-transport', rung: 'Nest transport, trivial handlers' },
  { scenario: 'bullmq-untraced', rung: 'full system, tracing off' },
  { scenario: 'bullmq-traced', rung: 'full system, tracing on' },
];

/** The rung the others are also compared with: what the hops cost written with BullMQ alone. */
export const REFERENCE_RUNG: ScenarioId = 'bullmq-bare';

/** A rung's place on the ladder, from 1 at the floor, whichever rungs a run measured. */
export const rungNumber = (scenario: ScenarioId): number => LADDER.findIndex((rung) => rung.scenario === scenario) + 1;

/** The fixed rate the ladder and the targets read: a moderate load, where nothing is batched. */
export const LADDER_RATE = 200;

/** One rung's figures, from its phase at the ladder's fixed rate and its saturation phase. */
export interface LadderRow {
  scenario: ScenarioId;
  rung: string;
  saturationRps: number;
  cpuMsAtRate: number;
  cpuMsAtSaturation: number;
  p50MsAtRate: number;
  p99MsAtRate: number;
  redisCommandsAtRate: number;
  redisCommandsAtSaturation: number;
}

export type LadderFigure = Exclude<keyof LadderRow, 'scenario' | 'rung'>;

/** The ladder's columns, in order, with their headings. */
export const LADDER_COLUMNS: ReadonlyArray<{ figure: LadderFigure; heading: (rate: number) => string; digits: number }> = [
  { figure: 'saturationRps', heading: () => 'saturation req/s', digits: 0 },
  { figure: 'cpuMsAtRate', heading: (rate) => `CPU ms/charge at ${rate} req/s`, digits: 2 },
  { figure: 'cpuMsAtSaturation', heading: () => 'CPU ms/charge at saturation', digits: 2 },
  { figure: 'p50MsAtRate', heading: (rate) => `p50 ms at ${rate} req/s`, digits: 1 },
  { figure: 'p99MsAtRate', heading: (rate) => `p99 ms at ${rate} req/s`, digits: 1 },
  { figure: 'redisCommandsAtRate', heading: (rate) => `Redis cmds/charge at ${rate} req/s`, digits: 1 },
  { figure: 'redisCommandsAtSaturation', heading: () => 'Redis cmds/charge at saturation', digits: 1 },
];

/**
 * The fixed rate the ladder reads: LADDER_RATE when it was measured, otherwise the lowest rate that
 * was (a short run with other BENCH_RATES still gets a ladder, headed with the rate it used).
 */
export function ladderRate(phases: readonly PhaseResult[]): number | undefined {
  const rates = phases.flatMap((phase) => (phase.targetRate === undefined ? [] : [phase.targetRate]));
  return rates.includes(LADDER_RATE) ? LADDER_RATE : rates.length ? Math.min(...rates) : undefined;
}

/** The measured rungs, from the floor up; a figure whose phase is missing is NaN. */
export function ladderRows(phases: readonly PhaseResult[], rate = ladderRate(phases)): LadderRow[] {
  return LADDER.flatMap(({ scenario, rung }) => {
    const fixed = phases.find((phase) => phase.scenario === scenario && rate !== undefined && phase.targetRate === rate);
    const saturation = phases.find((phase) => phase.scenario === scenario && phase.targetRate === undefined);
    if (!fixed && !saturation) return [];
    return [
      {
        scenario,
        rung,
        saturationRps: saturation?.throughput ?? Number.NaN,
        cpuMsAtRate: fixed?.cpuMsPerRequest ?? Number.NaN,
        cpuMsAtSaturation: saturation?.cpuMsPerRequest ?? Number.NaN,
        p50MsAtRate: fixed?.latency.p50 ?? Number.NaN,
        p99MsAtRate: fixed?.latency.p99 ?? Number.NaN,
        redisCommandsAtRate: fixed?.redisCommandsPerRequest ?? Number.NaN,
        redisCommandsAtSaturation: saturation?.redisCommandsPerRequest ?? Number.NaN,
      },
    ];
  });
}

/** `value` as a multiple of `reference`; NaN when either is missing or the reference is 0. */
export const ratio = (value: number, reference: number): number =>
  Number.isFinite(value) && Number.isFinite(reference) && reference !== 0 ? value / reference : Number.NaN;

/** Each figure of `row` against the rung below it and against bare BullMQ (NaN where there is none). */
export function ratiosOf(row: LadderRow, rows: readonly LadderRow[]): Record<LadderFigure, { toBelow: number; toReference: number }> {
  const index = rows.indexOf(row);
  const below = index > 0 ? rows[index - 1] : undefined;
  const reference = rows.find((other) => other.scenario === REFERENCE_RUNG);
  const entries = LADDER_COLUMNS.map(({ figure }) => [
    figure,
    { toBelow: ratio(row[figure], below?.[figure] ?? Number.NaN), toReference: ratio(row[figure], reference?.[figure] ?? Number.NaN) },
  ]);
  return Object.fromEntries(entries) as Record<LadderFigure, { toBelow: number; toReference: number }>;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const times = (value: number) => (Number.isFinite(value) ? `×${value.toFixed(2)}` : '–');

/** The ladder as Markdown: one row per rung, each figure followed by its two ratios. */
export function renderLadder(phases: readonly PhaseResult[]): string {
  const rate = ladderRate(phases) ?? LADDER_RATE;
  const rows = ladderRows(phases, rate);
  if (rows.length === 0) return '';
  const lines = [
    `| rung | ${LADDER_COLUMNS.map(({ heading }) => heading(rate)).join(' | ')} |`,
    `|---|${LADDER_COLUMNS.map(() => '---:').join('|')}|`,
  ];
  for (const row of rows) {
    const ratios = ratiosOf(row, rows);
    const cells = LADDER_COLUMNS.map(({ figure, digits }) => `${fixed(row[figure], digits)} (${times(ratios[figure].toBelow)}, ${times(ratios[figure].toReference)})`);
    lines.push(`| ${rungNumber(row.scenario)}. ${row.rung} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The ladder's chart: CPU ms per charge of each rung, at the ladder's fixed rate and at saturation. */
export function ladderChartSvg(phases: readonly PhaseResult[]): string {
  const rate = ladderRate(phases) ?? LADDER_RATE;
  return barChartSvg({
    title: "CPU per charge on each rung of the ladder (all the system's processes)",
    unit: 'CPU ms per charge',
    series: [`at ${rate} req/s`, 'at saturation'],
    groups: ladderRows(phases, rate).map((row) => ({ label: `${rungNumber(row.scenario)}. ${row.rung}`, values: [row.cpuMsAtRate, row.cpuMsAtSaturation] })),
  });
}
