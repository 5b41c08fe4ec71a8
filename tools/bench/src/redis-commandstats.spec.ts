import { commandsPerRequest, parseCommandStats } from './redis-commandstats';

const INFO = (evalsha: number, xread: number, info: number) =>
  [
    '# Commandstats',
    `cmdstat_evalsha:calls=${evalsha},usec=900,usec_per_call=9.00,rejected_calls=0,failed_calls=0`,
    `cmdstat_xread:calls=${xread},usec=100,usec_per_call=1.00,rejected_calls=0,failed_calls=0`,
    `cmdstat_info:calls=${info},usec=50,usec_per_call=5.00,rejected_calls=0,failed_calls=0`,
    'cmdstat_client|setname:calls=3,usec=3,usec_per_call=1.00,rejected_calls=0,failed_calls=0',
    '',
  ].join('\r\n');

describe('Redis commandstats', () => {
  it('reads the calls of every command, subcommands included', () => {
    expect(parseCommandStats(INFO(100, 40, 2))).toEqual({ evalsha: 100, xread: 40, info: 2, 'client|setname': 3 });
  });

  it('bills each answered request its share of the calls made in between, most called first, without the reader’s own INFO', () => {
    const before = parseCommandStats(INFO(100, 40, 2));
    const after = parseCommandStats(INFO(700, 340, 3));
    expect(commandsPerRequest(before, after, 100)).toEqual({ evalsha: 6, xread: 3 });
    expect(Object.keys(commandsPerRequest(before, after, 100))).toEqual(['evalsha', 'xread']);
  });

  it('counts a command first seen in between from zero, and bills nothing when nothing was answered', () => {
    expect(commandsPerRequest({}, { bzpopmin: 50 }, 25)).toEqual({ bzpopmin: 2 });
    expect(commandsPerRequest({}, { bzpopmin: 50 }, 0)).toEqual({});
  });
});
