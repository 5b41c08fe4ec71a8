import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@hoptrace/access';

export const REQUIRED_PERMISSION = 'hoptrace:required-permission';

/** Marks a route as needing an API key with `permission`. Routes without it are public. */
export const RequiresPermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The permissions of payment endpoints, which the rate limit applies to. */
export const PAYMENT_PERMISSIONS: ReadonlySet<Permission> = new Set(['charges:write', 'credits:write']);
