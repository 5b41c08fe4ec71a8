/** A stored answer to send again as it was first sent. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Carries a replay out of the route to the one place that writes raw responses (ProblemFilter). */
export class IdempotentReplay extends Error {
  constructor(readonly stored: StoredResponse) {
    super('idempotent replay');
  }
}
