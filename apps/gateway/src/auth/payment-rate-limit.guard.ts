import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './api-key.guard';
import { PAYMENT_PERMISSIONS, requiredPermission } from './requires-permission.decorator';

/**
 * @nestjs/throttler over Redis, so every gateway replica counts against the same budget. It limits
 * payment endpoints only, per API key (the API key guard runs first and has identified it).
 */
@Injectable()
export class PaymentRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const required = requiredPermission(this.reflector, context);
    return !required || !PAYMENT_PERMISSIONS.has(required);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { apiKey, ip } = request as unknown as AuthenticatedRequest;
    return apiKey ? `key:${apiKey.id}` : `ip:${ip}`;
  }
}
