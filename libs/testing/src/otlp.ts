/** Posts one resource's spans to an OTLP/HTTP receiver as JSON, as a service's exporter would. */
export function postSpans(otlpHttpEndpoint: string, service: string, spans: object[], scope = 'harness-spec'): Promise<Response> {
  return fetch(`${otlpHttpEndpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: scope }, spans }] }],
    }),
  });
}
