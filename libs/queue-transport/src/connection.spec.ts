import { isRedisUnavailable, survivingRedisOutage } from './connection';

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
