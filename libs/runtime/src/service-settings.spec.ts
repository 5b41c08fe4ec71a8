import {
  BILLING_REPLY_TIMEOUT_MS,
  checkReplyTimeouts,
  consumerSettings,
  GATEWAY_REPLY_TIMEOUT_MS,
  parseSentinelAddresses,
  readRedisSentinel,
  serviceSettings,
} from './service-settings';
import { defineSettings } from './settings';

/** What a service consuming a queue and calling the next hop reads, as billing declares it. */
const settings = defineSettings(
  { ...serviceSettings(3002), ...consumerSettings, gatewayReplyTimeoutMs: GATEWAY_REPLY_TIMEOUT_MS, billingReplyTimeoutMs: BILLING_REPLY_TIMEOUT_MS },
  checkReplyTimeouts,
);

describe('the settings every service shares', () => {
  it('falls back to local defaults and the service port it is given', () => {
    expect(settings.read({})).toEqual({
      redisUrl: 'redis://localhost:6379',
      queuePrefix: 'hoptrace',
      port: 3002,
      host: '0.0.0.0',
      gatewayReplyTimeoutMs: 10_000,
      billingReplyTimeoutMs: 5_000,
      queueLockDurationMs: 30_000,
      queueStalledIntervalMs: 30_000,
      logLevel: 'info',
    });
  });

  it('reads every setting from the environment', () => {
    expect(
      settings.read({
        REDIS_URL: 'redis://redis:6379/2',
        QUEUE_PREFIX: 'staging',
        PORT: '8080',
        HOST: '127.0.0.1',
        GATEWAY_REPLY_TIMEOUT_MS: '3000',
        BILLING_REPLY_TIMEOUT_MS: '2000',
        QUEUE_LOCK_DURATION_MS: '5000',
        QUEUE_STALLED_INTERVAL_MS: '2500',
        LOG_LEVEL: 'debug',
      }),
    ).toEqual({
      redisUrl: 'redis://redis:6379/2',
      queuePrefix: 'staging',
      port: 8080,
      host: '127.0.0.1',
      gatewayReplyTimeoutMs: 3000,
      billingReplyTimeoutMs: 2000,
      queueLockDurationMs: 5000,
      queueStalledIntervalMs: 2500,
      logLevel: 'debug',
    });
  });

  it.each(['verbose', 'loud', '30'])('refuses LOG_LEVEL=%p, which pino would refuse at start-up', (value) => {
    expect(() => settings.read({ LOG_LEVEL: value })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('reads LOG_LEVEL case-insensitively', () => {
    expect(settings.read({ LOG_LEVEL: ' WARN ' }).logLevel).toBe('warn');
  });

  it.each(['abc', '-1', '0', '1.5'])('refuses PORT=%p rather than guessing', (value) => {
    expect(() => settings.read({ PORT: value })).toThrow(/PORT must be a positive integer/);
  });

  it('refuses a billing timeout that would outlast the gateway, which would then answer first', () => {
    expect(() => settings.read({ GATEWAY_REPLY_TIMEOUT_MS: '5000', BILLING_REPLY_TIMEOUT_MS: '5000' })).toThrow(/BILLING_REPLY_TIMEOUT_MS must be shorter/);
  });

  it('reads process.env when given no environment', () => {
    const saved = process.env.QUEUE_PREFIX;
    process.env.QUEUE_PREFIX = 'from-process-env';
    try {
      expect(settings.read().queuePrefix).toBe('from-process-env');
    } finally {
      if (saved === undefined) delete process.env.QUEUE_PREFIX;
      else process.env.QUEUE_PREFIX = saved;
    }
  });
});

describe('Redis Sentinel settings', () => {
  it('reads the sentinels and the primary name as ioredis takes them', () => {
    expect(readRedisSentinel({ REDIS_SENTINELS: 'sentinel-1:26379, sentinel-2:26380,10.0.0.3', REDIS_SENTINEL_NAME: 'mymaster' })).toEqual({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26380 },
        { host: '10.0.0.3', port: 26379 },
      ],
      name: 'mymaster',
    });
  });

  it('reads bracketed IPv6 sentinels', () => {
    expect(parseSentinelAddresses('[::1]:26379,[fd00::5]')).toEqual([
      { host: '::1', port: 26379 },
      { host: 'fd00::5', port: 26379 },
    ]);
  });

  it('reads the sentinels\' and the data nodes\' passwords', () => {
    expect(
      readRedisSentinel({ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'hoptrace', REDIS_SENTINEL_PASSWORD: 'sentinel-secret', REDIS_PASSWORD: 'data-secret' }),
    ).toEqual({ sentinels: [{ host: 's', port: 26379 }], name: 'hoptrace', sentinelPassword: 'sentinel-secret', password: 'data-secret' });
  });

  it('is undefined without REDIS_SENTINELS, so REDIS_URL names the one Redis exactly as before', () => {
    expect(readRedisSentinel({})).toBeUndefined();
    expect(readRedisSentinel({ REDIS_SENTINELS: '  ' })).toBeUndefined();
    expect(settings.read({ REDIS_URL: 'redis://redis:6379/2' })).toMatchObject({ redisUrl: 'redis://redis:6379/2', redisSentinel: undefined });
  });

  it('is part of every service\'s settings', () => {
    expect(settings.read({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'mymaster' }).redisSentinel).toEqual({
      sentinels: [{ host: '127.0.0.1', port: 26379 }],
      name: 'mymaster',
    });
  });

  it('refuses REDIS_URL and REDIS_SENTINELS together rather than guess which Redis was meant', () => {
    expect(() => readRedisSentinel({ REDIS_URL: 'redis://redis:6379', REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'mymaster' })).toThrow(
      /REDIS_URL and REDIS_SENTINELS both name a Redis/,
    );
  });

  it('refuses sentinels without the name of the primary they monitor', () => {
    expect(() => readRedisSentinel({ REDIS_SENTINELS: 's:26379' })).toThrow(/REDIS_SENTINELS needs REDIS_SENTINEL_NAME/);
  });

  it.each(['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_PASSWORD'])('refuses %s without REDIS_SENTINELS, where it would be ignored', (variable) => {
    expect(() => readRedisSentinel({ [variable]: 'x' })).toThrow(new RegExp(`${variable} apply only with REDIS_SENTINELS`));
  });

  it.each(['s:', 's:0', 's:65536', 's:abc', 'redis://s:26379', 's:26379,,t:26379', 'a b:1', '[::1'])('refuses REDIS_SENTINELS=%p rather than guessing', (value) => {
    expect(() => readRedisSentinel({ REDIS_SENTINELS: value, REDIS_SENTINEL_NAME: 'mymaster' })).toThrow(/REDIS_SENTINELS/);
  });
});
