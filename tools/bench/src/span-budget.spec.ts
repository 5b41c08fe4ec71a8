import { BUDGET_END, BUDGET_START, parseSpanBudget, sortBudget, tally } from './span-budget';

const doc = (table: string) => `# Benchmarks\n\n${BUDGET_START}\n${table}\n${BUDGET_END}\n| not | part | of | it |\n`;

describe('parseSpanBudget', () => {
  it('reads the rows between the markers, code spans unwrapped', () => {
    const budget = parseSpanBudget(
      doc('| service | operation | kind | count |\n|---|---|---|---:|\n| gateway | `POST /v1/charges` | server | 1 |\n| billing | process billing | consumer | 2 |'),
    );
    expect(budget).toEqual([
      { service: 'gateway', operation: 'POST /v1/charges', kind: 'server', count: 1 },
      { service: 'billing', operation: 'process billing', kind: 'consumer', count: 2 },
    ]);
  });

  it('refuses a document without the markers, another header, or a count that is not a positive integer', () => {
    expect(() => parseSpanBudget('# nothing')).toThrow(/no span budget/);
    expect(() => parseSpanBudget(doc('| service | span | kind | n |\n|---|---|---|---|'))).toThrow(/unexpected span budget header/);
    expect(() => parseSpanBudget(doc('| service | operation | kind | count |\n|---|---|---|---|\n| a | b | c | 0 |'))).toThrow(/not a positive integer/);
  });
});

describe('tally', () => {
  it('counts spans per service, operation and kind, in a stable order', () => {
    const spans = [
      { service: 'notifier', operationName: 'notify charge.succeeded' },
      { service: 'billing', operationName: 'process billing', kind: 'consumer' },
      { service: 'notifier', operationName: 'notify charge.succeeded', kind: 'internal' },
    ];
    expect(tally(spans)).toEqual(
      sortBudget([
        { service: 'billing', operation: 'process billing', kind: 'consumer', count: 1 },
        { service: 'notifier', operation: 'notify charge.succeeded', kind: 'internal', count: 2 },
      ]),
    );
  });
});
