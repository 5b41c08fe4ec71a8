import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Permission } from '@hoptrace/access';

export const REQUIRED_PERMISSION = 'hoptrace:required-permission';

/** Marks a route as needing an API key with `permission`. Routes without it are public. */
export const RequiresPermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The permissions of payment endpoints, which the rate limit applies to. */
export const PAYMENT_PERMISSIONS: ReadonlySet<Permission> = new Set(['charges:write', 'credits:write']);

/** The permission the route being served requires, or undefined for a public route. */
export const requiredPermission = (reflector: Reflector, context: ExecutionContext): Permission | undefined =>
  reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, [context.getHandler(), context.getClass()]);
