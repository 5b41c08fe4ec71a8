/**
 * Calls per command from Redis' `INFO commandstats`. Commands a Lua script runs (BullMQ's are most of
 * its work) are counted under their own names, besides the EVALSHA that ran them.
 */
export function parseCommandStats(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match) calls[match[1]] = Number(match[2]);
  }
  return calls;
}

/**
 * What each answered request cost in calls of each command between two readings, most called first.
 * `ownCalls` are the reader's own (its two INFO calls), taken off so they are not billed to the system.
 */
export function commandsPerRequest(
  before: Record<string, number>,
  after: Record<string, number>,
  answered: number,
  ownCalls: Record<string, number> = { info: 1 },
): Record<string, number> {
  if (!answered) return {};
  const perRequest = Object.keys(after)
    .map((command) => [command, (after[command] - (before[command] ?? 0) - (ownCalls[command] ?? 0)) / answered] as const)
    .filter(([, calls]) => calls > 0)
    .sort(([, a], [, b]) => b - a);
  return Object.fromEntries(perRequest);
}
