import type { ChainableCommander } from 'ioredis';

/** Runs a pipeline or MULTI and throws its first failed command: ioredis reports those as results. */
export async function execOrThrow(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  const failure = results.find(([error]) => error);
  if (failure) throw failure[0];
  return results.map(([, value]) => value);
}
