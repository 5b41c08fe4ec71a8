/** Where a request/reply pattern is served over HTTP: `POST /rpc/<pattern>` on the service's port. */
export const RPC_PATH_PREFIX = '/rpc/';

export const rpcPath = (pattern: string): string => `${RPC_PATH_PREFIX}${encodeURIComponent(pattern)}`;

/** The pattern a request path names, or undefined when the path is not an RPC path. */
export function patternOfPath(path: string | undefined): string | undefined {
  if (!path?.startsWith(RPC_PATH_PREFIX)) return undefined;
  const pattern = decodeURIComponent(path.slice(RPC_PATH_PREFIX.length).split('?', 1)[0]);
  return pattern === '' ? undefined : pattern;
}
