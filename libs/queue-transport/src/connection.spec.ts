import { describeRedis, isRedisUnavailable, sentinelRedisOptions, survivingRedisOutage } from './connection';

describe('isRedisUnavailable', () => {
  it.each<[string, unknown]>([
    ['a command refused while disconnected', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a connection closed mid-command', new Error('Connection is closed.')],
    ['ioredis giving up on retries', Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('is true for %s', (_case, error) => {
    expect(isRedisUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a wrong command', new Error('ERR wrong number of arguments for command')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', "Stream isn't writeable"],
    ['undefined', undefined],
    ['an object that only looks like an error', { message: 'Connection is closed.' }],
  ])('is false for %s', (_case, error) => {
    expect(isRedisUnavailable(error)).toBe(false);
  });
});

describe('survivingRedisOutage', () => {
  it('logs a Redis outage and lets the process live', () => {
    const warn = jest.fn();
    expect(() => survivingRedisOutage(new Error('Connection is closed.'), warn)).not.toThrow();
    expect(warn).toHaveBeenCalledWith({ msg: 'redis unavailable', reason: 'Connection is closed.' });
  });

  it('throws anything else again, as Node would have', () => {
    const warn = jest.fn();
    const bug = new TypeError('a bug');
    expect(() => survivingRedisOutage(bug, warn)).toThrow(bug);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('a connection through Redis Sentinel', () => {
  const sentinel = { sentinels: [{ host: '127.0.0.1', port: 26379 }, { host: '127.0.0.1', port: 26380 }], name: 'mymaster' };

  it('asks the sentinels for the primary, and connects only to a server that is one', () => {
    expect(sentinelRedisOptions(sentinel, 'fail-fast')).toMatchObject({ sentinels: sentinel.sentinels, name: 'mymaster', role: 'master' });
  });

  it('leaves ioredis\' failover detector off, which could end a connection reconnecting after its primary was killed', () => {
    expect(sentinelRedisOptions(sentinel, 'fail-fast').failoverDetector).toBeUndefined();
    expect(sentinelRedisOptions(sentinel, 'blocking').failoverDetector).toBeUndefined();
  });

  it('keeps the roles: a worker waits through the failover, anything else fails fast', () => {
    expect(sentinelRedisOptions(sentinel, 'blocking')).toMatchObject({ maxRetriesPerRequest: null });
    expect(sentinelRedisOptions(sentinel, 'blocking').enableOfflineQueue).toBeUndefined();
    expect(sentinelRedisOptions(sentinel, 'fail-fast')).toMatchObject({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
  });

  it('leaves a demoted primary on READONLY: a worker sends its command again, a fail-fast caller gets the error', () => {
    const readOnly = new Error("READONLY You can't write against a read only replica.");
    expect(sentinelRedisOptions(sentinel, 'blocking').reconnectOnError!(readOnly)).toBe(2);
    expect(sentinelRedisOptions(sentinel, 'fail-fast').reconnectOnError!(readOnly)).toBe(1);
    expect(sentinelRedisOptions(sentinel, 'blocking').reconnectOnError!(new Error('ERR unknown command'))).toBe(false);
  });

  it('passes the passwords only when given', () => {
    expect(sentinelRedisOptions(sentinel, 'blocking')).not.toHaveProperty('password');
    expect(sentinelRedisOptions(sentinel, 'blocking')).not.toHaveProperty('sentinelPassword');
    expect(sentinelRedisOptions({ ...sentinel, password: 'p', sentinelPassword: 's' }, 'blocking')).toMatchObject({ password: 'p', sentinelPassword: 's' });
  });

  it('counts a demoted or loading server as Redis unavailable, a 503 rather than a 500', () => {
    expect(isRedisUnavailable(new Error("READONLY You can't write against a read only replica."))).toBe(true);
    expect(isRedisUnavailable(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isRedisUnavailable(new Error('MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.'))).toBe(true);
  });
});

describe('describeRedis', () => {
  it('names a URL without its password', () => {
    expect(describeRedis('redis://:s3cret@redis:6379/2')).toBe('redis://:***@redis:6379/2');
    expect(describeRedis({ redisUrl: 'redis://127.0.0.1:6379' })).toBe('redis://127.0.0.1:6379');
  });

  it('names the sentinels and the primary, without passwords', () => {
    const described = describeRedis({
      redisUrl: 'redis://localhost:6379',
      redisSentinel: { sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], name: 'mymaster', password: 'p4ss', sentinelPassword: 's3cret' },
    });
    expect(described).toBe('Sentinel primary "mymaster" (sentinels s1:26379,s2:26379)');
  });
});
