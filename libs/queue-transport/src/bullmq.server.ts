import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import { BullMqContext } from './bullmq-context';
import { createRedis, isRedisUnavailable, type QueueConnectionOptions } from './connection';
import { ATTR_MESSAGING_MESSAGE_ID, bullMqOptions } from './messaging-telemetry';
import { PendingListeners, reportStatus, type BullMqStatus } from './status';

export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');

export interface BullMqServerOptions extends QueueConnectionOptions {
  /** The queue this service consumes. */
  queue: string;
  /** Jobs handled at once by this process. */
  concurrency?: number;
  /**
   * How long a job stays locked to this worker without a renewal; a worker that died holds it no
   * longer than this. BullMQ's default is 30 s.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, and hands them out again. 30 s by default. */
  stalledIntervalMs?: number;
  /**
   * What is wrong with a message's payload, or undefined when it is well formed. A malformed job is
   * rejected before any handler sees it, logged, and never retried.
   */
  validate?: (pattern: string, data: unknown) => string | undefined;
  /**
   * The reply to a request whose handler lost Redis midway: an answer the caller can act on (retry
   * later), where a failed job would read as a bug. Without it such a request fails like any other.
   */
  unavailableReply?: (error: Error) => unknown;
}

const describe = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
};

/**
 * A Nest microservice transport that consumes one BullMQ queue. The job name is the message pattern,
 * the job data its payload; `@MessagePattern` handlers' return values become the job's return value
 * (the reply), `@EventPattern` handlers return nothing.
 *
 * A handler that throws fails its job for good (UnrecoverableError): a handler answers the refusals
 * of its domain with a reply, so an exception means a bug or a malformed message, and retrying either
 * would only repeat it. A Redis outage is not a bug: an event is retried, a request answered with
 * `unavailableReply`. A job whose worker died is a different matter again: BullMQ's stalled-job
 * check hands it to another worker.
 *
 * Start it as any custom Nest transport: `{ strategy: new BullMqServer(options) }`. `status` follows
 * the worker's connection; `on()` listens to the BullMQ Worker, before `listen` too.
 */
export class BullMqServer extends Server<Record<string, Function>, BullMqStatus> implements CustomTransportStrategy {
  override readonly transportId = BULLMQ_TRANSPORT;
  protected override readonly logger = new Logger(BullMqServer.name);
  private worker?: Worker;
  private closing = false;
  private readonly listeners = new PendingListeners();

  constructor(private readonly options: BullMqServerOptions) {
    super();
    this.initializeSerializer(options);
    this.initializeDeserializer(options);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { queue, concurrency = 16, prefix, lockDurationMs, stalledIntervalMs } = this.options;
      this.closing = false;
      const connection = createRedis(this.options, 'blocking');
      reportStatus(connection, this._status$, () => this.closing);
      this.worker = new Worker(queue, (job) => this.handle(job), {
        ...bullMqOptions(queue, connection, prefix),
        concurrency,
        ...(lockDurationMs ? { lockDuration: lockDurationMs } : {}),
        ...(stalledIntervalMs ? { stalledInterval: stalledIntervalMs } : {}),
      });
      this.listeners.attachTo(this.worker);
      // Structured fields rather than a sentence, so a log search can group by queue or pattern.
      // Nothing is logged per successful job: the consumer span already records each one.
      this.worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue, reason: error.message }));
      this.worker.on('failed', (job, error) =>
        this.logger.warn({ msg: 'job failed', queue, job_id: job?.id, job_name: job?.name, reason: error.message }),
      );
      await this.worker.waitUntilReady();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * A job's name is its handler's pattern, already a route: look it up as it is. Nest's own lookup
   * first tries `JSON.parse` on every pattern, and a plain name like "orders.order.create" makes it
   * build and throw a SyntaxError for every message (once more for an event, which Nest looks up
   * again): the hottest function of every worker's CPU profile. Patterns that are JSON objects still
   * go through Nest's lookup.
   */
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  private async handle(job: Job): Promise<unknown> {
    trace.getActiveSpan()?.setAttribute(ATTR_MESSAGING_MESSAGE_ID, job.id ?? '');
    const handler = this.getHandlerByPattern(job.name);
    if (!handler) {
      throw new UnrecoverableError(`no handler for pattern "${job.name}"`);
    }
    const problem = this.options.validate?.(job.name, job.data);
    if (problem !== undefined) {
      // Fields and rules only: the payload itself may hold what must not be logged.
      this.logger.warn({ msg: 'job rejected', queue: this.options.queue, job_id: job.id, job_name: job.name, reason: problem });
      trace.getActiveSpan()?.setAttribute('messaging.message.rejected', true);
      throw new UnrecoverableError(`malformed payload: ${problem}`);
    }
    const context = new BullMqContext([job]);
    try {
      if (handler.isEventHandler) {
        await this.handleEvent(job.name, { pattern: job.name, data: job.data }, context);
        return null;
      }
      const reply$ = this.transformToObservable(await handler(job.data, context));
      return await lastValueFrom(reply$, { defaultValue: null });
    } catch (error) {
      if (isRedisUnavailable(error)) {
        this.logger.warn({ msg: 'job interrupted by a redis outage', queue: this.options.queue, job_id: job.id, job_name: job.name });
        // An event is tried again, by its job's attempts and backoff, once Redis is back.
        if (handler.isEventHandler) throw error;
        if (this.options.unavailableReply) return this.options.unavailableReply(error as Error);
      }
      throw new UnrecoverableError(describe(error));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Listens to the BullMQ Worker's events (`error`, `failed`, `completed`, …); a listener given before `listen` is kept. */
  on<EventKey extends string = string, EventCallback extends Function = Function>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    const listener = callback as unknown as (...args: unknown[]) => void;
    if (this.worker) this.worker.on(event as 'error', listener);
    else this.listeners.add(event, listener);
  }

  /** The BullMQ Worker. */
  unwrap<T>(): T {
    if (!this.worker) throw new Error('BullMqServer is not listening');
    return this.worker as T;
  }
}
