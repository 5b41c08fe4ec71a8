// class-transformer's @Type reads design metadata; Nest loads this too, but plain callers need it.
import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { CHARGE_LIMITS } from './charge-limits';
import { PATTERNS } from './queues';

const { amount, currency, chargeId, idLength } = CHARGE_LIMITS;

/*
 * The shapes of queue messages, checked where a consumer takes a job off its queue. The producers
 * are this system's own services, so a job that fails here was put on the queue by something else
 * (or by a bug): it is rejected once and never handed to a handler. Fields a consumer does not know
 * are let through, so a producer can add one before every consumer reads it.
 */

class ChargeParamsMessage {
  @Max(amount.maximum)
  @Min(amount.minimum)
  @IsInt()
  amount!: number;

  @Matches(currency)
  @IsString()
  currency!: string;

  @MaxLength(idLength.maximum)
  @MinLength(idLength.minimum)
  @IsString()
  customer!: string;

  @MaxLength(idLength.maximum)
  @MinLength(idLength.minimum)
  @IsString()
  payment_method!: string;
}

/** gateway → billing: `charge.create`. */
export class ChargeRequestMessage extends ChargeParamsMessage {
  @Matches(chargeId)
  @IsString()
  charge_id!: string;
}

/** billing → payment-processor: `payment.authorize`. */
export class AuthorizationRequestMessage extends ChargeRequestMessage {
  @MaxLength(idLength.maximum)
  @MinLength(idLength.minimum)
  @IsString()
  idempotency_key!: string;
}

class ChargeEventObjectMessage {
  @MaxLength(255)
  @IsString()
  id!: string;

  @MaxLength(255)
  @IsString()
  customer!: string;
}

class ChargeEventDataMessage {
  @Type(() => ChargeEventObjectMessage)
  @ValidateNested()
  @IsObject()
  object!: ChargeEventObjectMessage;
}

/** billing → notifier: `charge.succeeded`, `charge.failed`. */
export class ChargeEventMessage {
  @MaxLength(255)
  @IsString()
  id!: string;

  @IsIn([PATTERNS.chargeSucceeded, PATTERNS.chargeFailed])
  type!: string;

  @IsInt()
  created!: number;

  @Type(() => ChargeEventDataMessage)
  @ValidateNested()
  @IsObject()
  data!: ChargeEventDataMessage;
}

/** gateway → notifier: `webhook_endpoint.create` (the gateway has validated the endpoint itself). */
export class CreateWebhookEndpointMessage {
  @IsString()
  url!: string;

  @IsString({ each: true })
  @IsArray()
  enabled_events!: string[];

  @IsString()
  @IsOptional()
  description?: string;

  @IsString()
  reply_public_key!: string;
}

/** gateway → notifier: `webhook_delivery.dead_letters`. */
export class ListDeadWebhookDeliveriesMessage {
  @Max(100)
  @Min(1)
  @IsInt()
  limit!: number;
}

/** gateway → notifier: `webhook_delivery.replay`, `webhook_endpoint.delete`: an object named by its id. */
export class ObjectIdMessage {
  @MaxLength(255)
  @IsString()
  id!: string;
}

type MessageClass = new () => object;

/**
 * The contract of every message pattern; null for a message whose fields nobody reads (it need only
 * be an object). A pattern missing here has no consumer.
 */
export const MESSAGE_CONTRACTS: Readonly<Record<string, MessageClass | null>> = {
  [PATTERNS.createCharge]: ChargeRequestMessage,
  [PATTERNS.authorizePayment]: AuthorizationRequestMessage,
  [PATTERNS.chargeSucceeded]: ChargeEventMessage,
  [PATTERNS.chargeFailed]: ChargeEventMessage,
  [PATTERNS.createWebhookEndpoint]: CreateWebhookEndpointMessage,
  [PATTERNS.listWebhookEndpoints]: null,
  [PATTERNS.listDeadWebhookDeliveries]: ListDeadWebhookDeliveriesMessage,
  [PATTERNS.replayWebhookDelivery]: ObjectIdMessage,
  // Named by its value: the pattern is being added to PATTERNS on another branch.
  'webhook_endpoint.delete': ObjectIdMessage,
};

const path = (error: ValidationError, parent?: string): string => (parent ? `${parent}.${error.property}` : error.property);

function firstProblem(error: ValidationError, parent?: string): string {
  const at = path(error, parent);
  const child = error.children?.[0];
  if (child && !error.constraints) return firstProblem(child, at);
  const constraint = Object.keys(error.constraints ?? {})[0] ?? 'invalid';
  return error.value === undefined || error.value === null ? `${at} is missing` : `${at} fails ${constraint}`;
}

/**
 * What is wrong with the payload of a `pattern` message, or undefined when it fits its contract.
 * It names the field and the rule, never the value: a payload may carry what must not be logged.
 */
export function messageProblem(pattern: string, data: unknown): string | undefined {
  if (!Object.hasOwn(MESSAGE_CONTRACTS, pattern)) return `no contract for pattern "${pattern}"`;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'the payload is not an object';
  const contract = MESSAGE_CONTRACTS[pattern];
  if (contract === null) return undefined;
  const errors = validateSync(plainToInstance(contract, data), {
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return errors.length === 0 ? undefined : firstProblem(errors[0]);
}
