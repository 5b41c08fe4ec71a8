import type { Problem } from '../src/wire';

/** An answer of the console's server that is not 2xx, with the problem it sent. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError({ type: 'about:blank', title: 'The console does not answer', status: 0, detail: (error as Error).message });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = (parsed as Problem | undefined) ?? { type: 'about:blank', title: `HTTP ${response.status}`, status: response.status, detail: text.slice(0, 300) };
    throw new ApiError(problem);
  }
  return parsed as T;
}
