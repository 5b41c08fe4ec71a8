import { settingsFrom, SettingsError } from './settings';

it("defaults to the scenario runner's addresses and port 8080", () => {
  expect(settingsFrom({})).toMatchObject({
    port: 8080,
    gatewayUrl: 'http://localhost:3000',
    gatewayUiUrl: 'http://localhost:3000',
    jaegerQueryUrl: 'http://localhost:16686',
    jaegerUiUrl: 'http://localhost:16686',
    prometheusUrl: 'http://localhost:9090',
    redisUrl: 'redis://localhost:6379',
    queuePrefix: 'hoptrace',
    liveWindowSeconds: 600,
    liveStepSeconds: 15,
  });
});

it('keeps what the browser reaches apart from what the server reaches', () => {
  expect(
    settingsFrom({ JAEGER_QUERY_URL: 'http://jaeger:16686', JAEGER_UI_URL: 'http://localhost:16686', PROMETHEUS_URL: 'http://prometheus:9090', PROMETHEUS_UI_URL: 'http://localhost:9090' }),
  ).toMatchObject({ jaegerQueryUrl: 'http://jaeger:16686', jaegerUiUrl: 'http://localhost:16686', prometheusUrl: 'http://prometheus:9090', prometheusUiUrl: 'http://localhost:9090' });
});

it.each([
  ['PORT', 'eighty'],
  ['WEBHOOK_RETRY_WAIT_MS', '-1'],
  ['CONSOLE_LIVE_STEP_SECONDS', '0'],
])('refuses %s=%s, saying why', (name, value) => {
  expect(() => settingsFrom({ [name]: value })).toThrow(SettingsError);
  expect(() => settingsFrom({ [name]: value })).toThrow(name);
});
