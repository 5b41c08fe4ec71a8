import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { createRedis, DEFAULT_PREFIX, isRedisUnavailable, type QueueConnectionOptions } from './connection';
import { HandlerFailedError, QueueUnavailableError, ReplyTimeoutError } from './errors';
import { messagingTelemetry } from './messaging-telemetry';

export interface BullMqClientOptions extends QueueConnectionOptions {
  /** The queue of the service this client talks to. */
  queue: string;
  /** How long `send` waits for a reply before failing with ReplyTimeoutError. */
  replyTimeoutMs: number;
  /** Options for events (`emit`): events may be retried, replies never are. */
  eventJobOptions?: JobsOptions;
}

/** Finished jobs are kept briefly: long enough for a late waiter to read its reply, not forever. */
const KEEP_FINISHED = { age: 3600, count: 10_000 };

const REQUEST_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: KEEP_FINISHED,
};

const DEFAULT_EVENT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ's waitUntilFinished reports its own TTL expiry only as this message. */
const WAIT_TIMED_OUT = /timed out before finishing/;

/**
 * The producing side of the BullMQ transport: `send` adds a job and waits for its return value,
 * `emit` adds a job and returns once Redis has it. All replies of this process for this queue arrive
 * through a single QueueEvents stream reader, opened on connect.
 */
export class BullMqClient extends ClientProxy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BullMqClient.name);
  private queue?: Queue;
  private events?: QueueEvents;
  private connecting?: Promise<void>;

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.initializeSerializer(options);
    this.initializeDeserializer(options);
  }

  /** Connecting at boot means the first request does not pay for opening the reply stream. */
  onApplicationBootstrap(): Promise<void> {
    return this.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  connect(): Promise<void> {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const { queue: name, redisUrl, prefix = DEFAULT_PREFIX } = this.options;
    const queue = new Queue(name, {
      connection: createRedis(redisUrl, 'producer'),
      prefix,
      telemetry: messagingTelemetry(name),
    });
    const events = new QueueEvents(name, { connection: createRedis(redisUrl, 'blocking'), prefix });
    queue.on('error', (error) => this.logger.error(`queue "${name}": ${error.message}`));
    events.on('error', (error) => this.logger.error(`queue events "${name}": ${error.message}`));
    this.queue = queue;
    this.events = events;
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    this.request(packet).then(
      (response) => callback({ response, isDisposed: true }),
      (err: unknown) => callback({ err, isDisposed: true }),
    );
    // Nothing to cancel: waitUntilFinished drops its listeners on reply or timeout.
    return () => undefined;
  }

  private async request(packet: ReadPacket): Promise<unknown> {
    const { queue, events } = this.ready();
    const pattern = this.normalizePattern(packet.pattern);
    let job;
    try {
      job = await queue.add(pattern, packet.data, REQUEST_JOB_OPTIONS);
    } catch (error) {
      throw new QueueUnavailableError(queue.name, error);
    }
    try {
      return await job.waitUntilFinished(events, this.options.replyTimeoutMs);
    } catch (error) {
      // The job was queued, then Redis went away: its outcome is as unknown as after a timeout.
      if (isRedisUnavailable(error)) throw new ReplyTimeoutError(queue.name, pattern, this.options.replyTimeoutMs);
      const message = (error as Error).message ?? String(error);
      if (WAIT_TIMED_OUT.test(message)) throw new ReplyTimeoutError(queue.name, pattern, this.options.replyTimeoutMs);
      throw new HandlerFailedError(queue.name, pattern, message);
    }
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const { queue } = this.ready();
    const options = this.options.eventJobOptions ?? DEFAULT_EVENT_JOB_OPTIONS;
    try {
      await queue.add(this.normalizePattern(packet.pattern), packet.data, options);
    } catch (error) {
      throw new QueueUnavailableError(queue.name, error);
    }
    return undefined as T;
  }

  private ready(): { queue: Queue; events: QueueEvents } {
    if (!this.queue || !this.events) throw new Error(`BullMqClient for "${this.options.queue}" is not connected`);
    return { queue: this.queue, events: this.events };
  }

  async close(): Promise<void> {
    const { queue, events } = this;
    this.queue = undefined;
    this.events = undefined;
    this.connecting = undefined;
    await Promise.all([queue?.close(), events?.close()]);
  }

  unwrap<T>(): T {
    return this.ready().queue as T;
  }
}
