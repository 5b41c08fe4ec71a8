import { Controller, Get, Header, Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { ServiceSettings } from './service-settings';
import { REDIS, SETTINGS } from './tokens';

const REPORTED_QUEUES = Symbol('REPORTED_QUEUES');

/**
 * Joins Prometheus text expositions that share metric families (BullMQ writes one per queue, each
 * with its own HELP and TYPE lines, which a scrape must see only once per family): each family's
 * HELP and TYPE once, then its samples from every exposition, in order.
 */
export function mergeExpositions(expositions: readonly string[]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>();
  const familyOf = (name: string) => {
    let family = families.get(name);
    if (!family) families.set(name, (family = { header: [], samples: [] }));
    return family;
  };
  for (const exposition of expositions) {
    for (const line of exposition.split('\n')) {
      const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        const family = familyOf(comment[2]);
        if (!family.header.some((seen) => seen.startsWith(`# ${comment[1]} `))) family.header.push(line);
      } else if (line.trim() !== '' && !line.startsWith('#')) {
        familyOf(/^[^{\s]+/.exec(line)![0]).samples.push(line);
      }
    }
  }
  return [...families.values()].map(({ header, samples }) => [...header, ...samples].join('\n')).join('\n') + '\n';
}

/**
 * BullMQ's own metrics (Queue.exportPrometheusMetrics) of the queues a service works off, for
 * Prometheus to scrape: jobs by state (`bullmq_job_count{queue,state}`: a backlog is `waiting`
 * growing) and completed and failed totals. Read from Redis at each scrape, so every replica
 * reports the same numbers, and nothing is pushed: the services still export traces only.
 */
@Controller()
class QueueMetricsController implements OnModuleDestroy {
  private readonly queues: Queue[];

  constructor(
    @Inject(REDIS) redis: IORedis,
    @Inject(SETTINGS) settings: ServiceSettings,
    @Inject(REPORTED_QUEUES) names: readonly string[],
  ) {
    this.queues = names.map((name) => {
      const queue = new Queue(name, { connection: redis, prefix: settings.queuePrefix });
      // The connection's errors are the runtime's, already logged as JSON ("redis connection
      // error"). BullMQ re-emits them on each queue, and printed them to stderr, as raw text, when
      // a queue had no listener: once per queue and reconnection while Redis was away.
      queue.on('error', () => undefined);
      return queue;
    });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return mergeExpositions(await Promise.all(this.queues.map((queue) => queue.exportPrometheusMetrics())));
  }

  async onModuleDestroy(): Promise<void> {
    // The connection is the runtime's, shared: closing a queue leaves it open.
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}

@Module({})
export class QueueMetricsModule {
  /** `GET /metrics` on the service's HTTP port, for `queues`. */
  static forQueues(queues: readonly string[]): DynamicModule {
    return {
      module: QueueMetricsModule,
      controllers: [QueueMetricsController],
      providers: [{ provide: REPORTED_QUEUES, useValue: queues }],
    };
  }
}
