import type { INestApplication } from '@nestjs/common';
import { configureHttpEdge } from '@hoptrace/http-edge';
import { serveOpenApi } from '../openapi/openapi';

/** Body size cap: a charge is a few hundred bytes; anything near this is not a charge. */
export const BODY_LIMIT = '64kb';

/** The gateway's HTTP conventions: the public edge's (problem+json, traceresponse, route names) and its OpenAPI document. */
export function configureHttp(app: INestApplication): void {
  configureHttpEdge(app, { bodyLimit: BODY_LIMIT });
  serveOpenApi(app);
}
