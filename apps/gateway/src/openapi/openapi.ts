import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { GatewayModule } from '../gateway.module';

export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/** The gateway's OpenAPI document, generated from its controllers and their decorators. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('hoptrace gateway')
    .setDescription(
      'The HTTP API of hoptrace. Every error is application/problem+json (RFC 9457) with Stripe-style ' +
        'fields and the trace_id of the request; `origin` names the hop that decided.',
    )
    .setVersion(process.env.HOPTRACE_VERSION ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key, such as sk_test_demo.' }, 'api_key')
    .build();
  return SwaggerModule.createDocument(app, config, { include: [GatewayModule] });
}

/** Serves the document at /docs/openapi.json and an interactive page for it at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
