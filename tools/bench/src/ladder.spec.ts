import { ladderRate, ladderRows, ratio, ratiosOf, renderLadder } from './ladder';
import type { PhaseResult } from './report';

const phase = (scenario: PhaseResult['scenario'], targetRate: number | undefined, over: Partial<PhaseResult> = {}): PhaseResult => ({
  scenario,
  targetRate,
  connections: targetRate === undefined ? 32 : undefined,
  durationS: 15,
  throughput: targetRate ?? 1000,
  latency: { count: 3000, p50: 5, p90: 8, p99: 12, max: 30, mean: 6 },
  errors: 0,
  non2xx: 0,
  redisCommandsPerRequest: 20,
  serviceCpuMsPerRequest: 2.5,
  cpuMsPerRequest: 3,
  processes: [],
  ...over,
});

/** A run of the whole ladder: each rung costs `cpu` ms a charge at 200 req/s, half that at saturation, reaches `sat` req/s. */
const rung = (scenario: PhaseResult['scenario'], cpu: number, sat: number, p99: number): PhaseResult[] => [
  phase(scenario, 200, { cpuMsPerRequest: cpu, latency: { count: 3000, p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2, mean: p99 / 4 }, redisCommandsPerRequest: cpu * 10 }),
  phase(scenario, undefined, { cpuMsPerRequest: cpu / 2, throughput: sat, redisCommandsPerRequest: cpu * 5 }),
];
const LADDER_RUN = [
  ...rung('bullmq-traced', 6, 400, 160),
  ...rung('lists-bare', 1.5, 2000, 10),
  ...rung('bullmq-bare', 4, 800, 40),
  ...rung('nest-transport', 4.5, 700, 50),
  ...rung('bullmq-untraced', 5, 500, 80),
  ...rung('redis-traced', 5.5, 750, 100),
];

describe('ladderRows', () => {
  it('puts the measured rungs in ladder order, from the floor up, and leaves the other systems out', () => {
    const rows = ladderRows(LADDER_RUN);
    expect(rows.map((row) => row.scenario)).toEqual(['lists-bare', 'bullmq-bare', 'nest-transport', 'bullmq-untraced', 'bullmq-traced']);
    expect(rows[0]).toEqual({
      scenario: 'lists-bare',
      rung: 'bare Redis lists',
      saturationRps: 2000,
      cpuMsAtRate: 1.5,
      cpuMsAtSaturation: 0.75,
      p50MsAtRate: 2.5,
      p99MsAtRate: 10,
      redisCommandsAtRate: 15,
      redisCommandsAtSaturation: 7.5,
    });
  });

  it('leaves a figure whose phase is missing as NaN', () => {
    const [row] = ladderRows([phase('bullmq-bare', undefined, { throughput: 900 })]);
    expect(row.saturationRps).toBe(900);
    expect(row.cpuMsAtRate).toBeNaN();
  });
});

describe('ladderRate', () => {
  it('reads 200 req/s when it was measured, else the lowest rate, else none', () => {
    expect(ladderRate([phase('lists-bare', 400), phase('lists-bare', 200)])).toBe(200);
    expect(ladderRate([phase('lists-bare', 400), phase('lists-bare', 50)])).toBe(50);
    expect(ladderRate([phase('lists-bare', undefined)])).toBeUndefined();
  });
});

describe('ratios', () => {
  it('divides, and is NaN without a reference', () => {
    expect(ratio(6, 4)).toBe(1.5);
    expect(ratio(6, Number.NaN)).toBeNaN();
    expect(ratio(6, 0)).toBeNaN();
  });

  it('compares each rung with the one below it and with bare BullMQ', () => {
    const rows = ladderRows(LADDER_RUN);
    const traced = ratiosOf(rows[4], rows);
    expect(traced.cpuMsAtRate.toBelow).toBeCloseTo(6 / 5);
    expect(traced.cpuMsAtRate.toReference).toBeCloseTo(6 / 4);
    expect(traced.saturationRps.toReference).toBeCloseTo(400 / 800);
    expect(traced.p99MsAtRate.toReference).toBeCloseTo(160 / 40);
    const floor = ratiosOf(rows[0], rows);
    expect(floor.cpuMsAtRate.toBelow).toBeNaN();
    expect(floor.cpuMsAtRate.toReference).toBeCloseTo(1.5 / 4);
    expect(ratiosOf(rows[1], rows).cpuMsAtSaturation.toReference).toBe(1);
  });

  it('takes the nearest measured rung as the one below when a rung was not run', () => {
    const rows = ladderRows([...rung('lists-bare', 1.5, 2000, 10), ...rung('bullmq-traced', 6, 400, 160)]);
    expect(ratiosOf(rows[1], rows).cpuMsAtRate.toBelow).toBe(4);
    expect(ratiosOf(rows[1], rows).cpuMsAtRate.toReference).toBeNaN();
  });
});

describe('renderLadder', () => {
  it('writes a row per rung, each figure with its ratio to the rung below and to bare BullMQ', () => {
    const table = renderLadder(LADDER_RUN).trimEnd().split('\n');
    expect(table[0]).toBe(
      '| rung | saturation req/s | CPU ms/charge at 200 req/s | CPU ms/charge at saturation | p50 ms at 200 req/s | p99 ms at 200 req/s | ' +
        'Redis cmds/charge at 200 req/s | Redis cmds/charge at saturation |',
    );
    expect(table).toHaveLength(7);
    expect(table[2]).toBe('| 1. bare Redis lists | 2000 (–, ×2.50) | 1.50 (–, ×0.38) | 0.75 (–, ×0.38) | 2.5 (–, ×0.25) | 10.0 (–, ×0.25) | 15.0 (–, ×0.38) | 7.5 (–, ×0.38) |');
    expect(table[3]).toBe('| 2. bare BullMQ | 800 (×0.40, ×1.00) | 4.00 (×2.67, ×1.00) | 2.00 (×2.67, ×1.00) | 10.0 (×4.00, ×1.00) | 40.0 (×4.00, ×1.00) | 40.0 (×2.67, ×1.00) | 20.0 (×2.67, ×1.00) |');
    expect(table[6]).toMatch(/^\| 5\. full system, tracing on \| 400 \(×0\.80, ×0\.50\) \| 6\.00 \(×1\.20, ×1\.50\) \|/);
  });

  it('keeps each rung its number when the run left some out, and heads the columns with the rate it read', () => {
    const table = renderLadder([phase('bullmq-traced', 50), phase('bullmq-traced', undefined)]);
    expect(table).toContain('| 5. full system, tracing on |');
    expect(table).toContain('CPU ms/charge at 50 req/s');
  });

  it('is empty when no rung was measured', () => {
    expect(renderLadder([phase('redis-traced', 200)])).toBe('');
  });
});
