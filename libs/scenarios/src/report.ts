import { diagnosisSummary } from '@hoptrace/trace-verdict';
import type { ScenarioResult } from './run-scenario';

const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

/** The headline of a result: status, code, and who decided, as Jaeger shows it. */
function headline(result: ScenarioResult): string {
  const problem = (result.problem ?? {}) as { code?: string; decline_code?: string };
  const code = problem.code ? ` ${problem.code}${problem.decline_code ? `/${problem.decline_code}` : ''}` : '';
  const decided = result.decidedBy ? `decided by ${result.decidedBy}` : 'no hop claims a 402';
  const time = result.verdict.slowestHop
    ? `; most time in ${result.verdict.slowestHop.service} (${result.verdict.slowestHop.operationName}, ${result.verdict.slowestHop.selfTimeMs.toFixed(0)} ms)`
    : '';
  return `${result.passed ? 'MATCH ' : 'DIFFER'} ${result.scenario}: ${result.status}${code}, ${decided}${time}`;
}

/** One result as a person reads it in a terminal. */
export function formatResult(result: ScenarioResult): string {
  const lines = [headline(result), `  ${result.summary}`, `  trace  ${result.traceId || '(none)'}`, `  jaeger ${result.jaegerUrl}`];
  if (result.problem !== undefined) lines.push(`  problem ${JSON.stringify(result.problem)}`);
  if (result.diagnosis) lines.push(`  who    ${diagnosisSummary(result.diagnosis)}`, `  explain scenario-runner explain ${result.traceId}`);
  if (result.verdict.unansweredHops.length > 0) lines.push(`  unanswered hop(s): ${result.verdict.unansweredHops.join(', ')}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  if (result.tree) lines.push('  hops:', indent(result.tree, '    '));
  for (const difference of result.differences) lines.push(`  ✗ ${difference}`);
  return lines.join('\n');
}

/** The last line of a run: how many scenarios matched what they expect. */
export function formatSummary(results: readonly ScenarioResult[]): string {
  const differed = results.filter((result) => !result.passed);
  const names = differed.length > 0 ? ` (${differed.map((result) => result.scenario).join(', ')})` : '';
  return `scenarios: ${results.length - differed.length} matched, ${differed.length} differed${names}`;
}
