import type { Permission, User } from './api-types.ts';

/** Whether to offer an action: the API says what the signed-in person may do; it still checks every call. */
export const can = (user: User | null, permission: Permission): boolean =>
  user?.permissions.includes(permission) ?? false;
