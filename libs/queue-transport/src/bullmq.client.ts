import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import type IORedis from 'ioredis';
import { createRedis, isRedisUnavailable, type QueueConnectionOptions } from './connection';
import { HandlerFailedError, NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from './errors';
import { DEFAULT_EVENT_JOB_OPTIONS, REQUEST_JOB_OPTIONS } from './job-options';
import { bullMqOptions } from './messaging-telemetry';
import { PendingListeners, reportStatus, type BullMqStatus } from './status';
import { withdrawIfWaiting } from './withdraw';

export interface BullMqClientOptions extends QueueConnectionOptions {
  /** The queue of the service this client talks to. */
  queue: string;
  /**
   * How long `send` waits for a reply before failing with ReplyTimeoutError. A client without it only
   * emits events, and opens no reply stream: no blocking connection reading every completion.
   */
  replyTimeoutMs?: number;
  /** Options for events (`emit`): events may be retried, replies never are. */
  eventJobOptions?: JobsOptions;
}

/**
 * An event with job options of its own (a job id, a delay, attempts), as Nest's RmqRecord carries
 * per-message options: `client.emit(pattern, new BullMqRecord(data, { jobId, delay }))`. They are
 * laid over the client's event options.
 */
export class BullMqRecord<T = unknown> {
  constructor(
    readonly data: T,
    readonly options: JobsOptions,
  ) {}
}

/** BullMQ's waitUntilFinished reports its own TTL expiry only as this message. */
const WAIT_TIMED_OUT = /timed out before finishing/;

/**
 * The producing side of the BullMQ transport: `send` adds a job and waits for its return value,
 * `emit` adds a job and returns once Redis has it. All replies of this process for this queue arrive
 * through a single QueueEvents stream reader, opened on connect. Register it as any custom Nest
 * client: `ClientsModule.register([{ name, customClass: BullMqClient, options }])`. `status` follows
 * the producer connection; `on()` listens to the BullMQ Queue, before `connect` too.
 */
export class BullMqClient extends ClientProxy<Record<string, Function>, BullMqStatus> implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BullMqClient.name);
  private queue?: Queue;
  /** The queue's own connection, for the one command BullMQ has no method for (withdrawIfWaiting). */
  private connection?: IORedis;
  private events?: QueueEvents;
  private readonly expectsReplies: boolean;
  private connecting?: Promise<void>;
  private closing = false;
  private readonly listeners = new PendingListeners();

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.expectsReplies = options.replyTimeoutMs !== undefined;
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
    const { queue: name, prefix } = this.options;
    this.closing = false;
    const connection = createRedis(this.options, 'fail-fast');
    reportStatus(connection, this._status$, () => this.closing);
    this.connection = connection;
    const queue = new Queue(name, bullMqOptions(name, connection, prefix));
    queue.on('error', (error) => this.logger.error(`queue "${name}": ${error.message}`));
    this.listeners.attachTo(queue);
    // Each request waiting for its reply holds one 'closing' listener on the queue until it settles
    // (Job.waitUntilFinished), so their number follows the requests in flight, which the reply
    // timeout bounds. Node's default limit of 10 printed a plain-text leak warning into the JSON log
    // of every busy gateway and billing process.
    queue.setMaxListeners(0);
    this.queue = queue;
    if (!this.expectsReplies) {
      await queue.waitUntilReady();
      return;
    }
    // QueueEvents reads through a duplicate of the connection it is given and reports that one's
    // errors (below); the one given stays its template, open and with no listener of BullMQ's, so
    // ioredis printed each of its failed reconnections to stderr, outside the JSON log.
    const template = createRedis(this.options, 'blocking');
    template.on('error', () => undefined);
    const events = new QueueEvents(name, { connection: template, ...(prefix ? { prefix } : {}) });
    events.on('error', (error) => this.logger.error(`queue events "${name}": ${error.message}`));
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
    const { queue, events, replyTimeoutMs } = this.readyForReplies();
    const pattern = this.normalizePattern(packet.pattern);
    let job;
    try {
      job = await queue.add(pattern, packet.data, REQUEST_JOB_OPTIONS);
    } catch (error) {
      throw new QueueUnavailableError(queue.name, error);
    }
    try {
      return await job.waitUntilFinished(events, replyTimeoutMs);
    } catch (error) {
      // The job was queued, then Redis went away: its outcome is as unknown as after a timeout.
      if (isRedisUnavailable(error)) throw new ReplyTimeoutError(queue.name, pattern, replyTimeoutMs);
      const message = (error as Error).message ?? String(error);
      if (!WAIT_TIMED_OUT.test(message)) throw new HandlerFailedError(queue.name, pattern, message);
      // A request nobody took is withdrawn, so the caller can say for sure that nothing happened.
      if (job.id && this.connection && (await withdrawIfWaiting(this.connection, queue, job.id).catch(() => false))) {
        throw new NotConsumedError(queue.name, pattern, replyTimeoutMs, await queue.isPaused().catch(() => false));
      }
      throw new ReplyTimeoutError(queue.name, pattern, replyTimeoutMs);
    }
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const queue = this.ready();
    const defaults = this.options.eventJobOptions ?? DEFAULT_EVENT_JOB_OPTIONS;
    const [data, options] = packet.data instanceof BullMqRecord ? [packet.data.data, { ...defaults, ...packet.data.options }] : [packet.data, defaults];
    try {
      await queue.add(this.normalizePattern(packet.pattern), data, options);
    } catch (error) {
      throw new QueueUnavailableError(queue.name, error);
    }
    return undefined as T;
  }

  private ready(): Queue {
    if (!this.queue) throw new Error(`BullMqClient for "${this.options.queue}" is not connected`);
    return this.queue;
  }

  private readyForReplies(): { queue: Queue; events: QueueEvents; replyTimeoutMs: number } {
    const queue = this.ready();
    const { replyTimeoutMs } = this.options;
    if (!this.events || replyTimeoutMs === undefined) {
      throw new Error(`BullMqClient for "${this.options.queue}" only emits events: give it replyTimeoutMs to send requests`);
    }
    return { queue, events: this.events, replyTimeoutMs };
  }

  async close(): Promise<void> {
    const { queue, events } = this;
    this.closing = true;
    this.queue = undefined;
    this.events = undefined;
    this.connection = undefined;
    this.connecting = undefined;
    await Promise.all([queue?.close(), events?.close()]);
  }

  /** The BullMQ Queue requests and events are added to. */
  unwrap<T>(): T {
    return this.ready() as T;
  }

  /** Listens to the BullMQ Queue's events (`error`, `waiting`, …); a listener given before `connect` is kept. */
  override on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    const listener = callback as unknown as (...args: unknown[]) => void;
    if (this.queue) this.queue.on(event as 'error', listener);
    else this.listeners.add(event, listener);
  }
}
