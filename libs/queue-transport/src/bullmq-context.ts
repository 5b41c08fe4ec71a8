import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

/** What a handler can ask about the message it is handling: `@Ctx() context: BullMqContext`. */
export class BullMqContext extends BaseRpcContext<[Job]> {
  getJob(): Job {
    return this.args[0];
  }

  /** How many times this message was tried before, so a handler can tell a redelivery. */
  getAttemptsMade(): number {
    return this.args[0].attemptsMade;
  }
}
