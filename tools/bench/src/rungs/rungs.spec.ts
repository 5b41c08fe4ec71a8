import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRung, type BenchSystem } from '../systems';

/** The charge the benchmark's load generator sends (main.ts). */
const CHARGE = { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };
const RUNGS = ['lists', 'bullmq', 'nest-transport'];

// Each rung's four processes, run from source through tsx, against a real redis-server.
describe.each(RUNGS)('the %s rung', (rung) => {
  let dir: string;
  let system: BenchSystem;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `hoptrace-rung-${rung}-`));
    system = await startRung(rung, {
      dir,
      entry: ['--import', 'tsx', join(__dirname, `${rung}.ts`)],
      env: { TSX_TSCONFIG_PATH: join(__dirname, '../../../../tsconfig.base.json') },
    });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the benchmark’s POST /v1/charges with 201 and a succeeded charge, each charge its own', async () => {
    const post = () =>
      fetch(`${system.gatewayUrl}/v1/charges`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' },
        body: JSON.stringify(CHARGE),
      });
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const charges = (await Promise.all(answers.map((answer) => answer.json()))) as Array<Record<string, unknown>>;
    expect(charges[0]).toMatchObject({ object: 'charge', status: 'succeeded', amount: 1999, currency: 'usd', customer: 'cus_demo' });
    expect(charges[0].authorization_code).toMatch(/^auth_\d+$/);
    expect(new Set(charges.map((charge) => charge.id)).size).toBe(3);
  });

  it('has the four roles of the full system and a redis-server, and nothing else', () => {
    expect(system.processes.map((p) => p.name).sort()).toEqual(['billing', 'gateway', 'notifier', 'payment-processor', 'redis-server']);
  });
});
