/** One line of the span budget: how many spans of this name and kind a service exports per charge. */
export interface BudgetLine {
  service: string;
  operation: string;
  kind: string;
  count: number;
}

export const BUDGET_START = '<!-- span-budget:start -->';
export const BUDGET_END = '<!-- span-budget:end -->';

/**
 * The span budget table of BENCHMARKS.md (between its markers): `| service | operation | kind | count |`.
 * The system test reads the budget from here, so the document and the test cannot disagree.
 */
export function parseSpanBudget(markdown: string): BudgetLine[] {
  const start = markdown.indexOf(BUDGET_START);
  const end = markdown.indexOf(BUDGET_END);
  if (start === -1 || end === -1 || end < start) throw new Error('no span budget between its markers');
  const rows = markdown
    .slice(start + BUDGET_START.length, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')));
  const [header, ...body] = rows;
  if (header?.join('|') !== 'service|operation|kind|count') throw new Error(`unexpected span budget header: ${header?.join(' | ')}`);
  return body.map(([service, operation, kind, count]) => {
    const value = Number(count);
    if (!Number.isInteger(value) || value < 1) throw new Error(`span budget: count "${count}" of ${service} ${operation} is not a positive integer`);
    return { service, operation, kind, count: value };
  });
}

/** Spans as budget lines, counted per (service, operation, kind) and sorted, to compare with a budget. */
export function tally(spans: ReadonlyArray<{ service: string; operationName: string; kind?: string }>): BudgetLine[] {
  const counts = new Map<string, BudgetLine>();
  for (const span of spans) {
    const kind = span.kind ?? 'internal';
    const key = `${span.service}\u0000${span.operationName}\u0000${kind}`;
    const line = counts.get(key) ?? { service: span.service, operation: span.operationName, kind, count: 0 };
    line.count += 1;
    counts.set(key, line);
  }
  return sortBudget([...counts.values()]);
}

export const sortBudget = (lines: BudgetLine[]): BudgetLine[] =>
  [...lines].sort((a, b) => `${a.service} ${a.operation} ${a.kind}`.localeCompare(`${b.service} ${b.operation} ${b.kind}`));
