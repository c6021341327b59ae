import { type Permission, ROLE_PERMISSIONS, type Role } from '../../domain/permissions';

/** What a person can be alerted about on their phone. */
export const ALERT_KINDS = ['new_order', 'return_waiting', 'exception_opened', 'low_stock'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

// An alert leads to a screen; nobody is alerted about what their role cannot open or act on.
const NEEDS: Record<AlertKind, Permission> = {
  new_order: 'orders:read',
  return_waiting: 'returns:approve',
  exception_opened: 'exceptions:read',
  low_stock: 'inventory:read',
};

const ROLE_DEFAULTS: Record<Role, readonly AlertKind[]> = {
  owner: ['return_waiting', 'exception_opened', 'low_stock'],
  manager: ['return_waiting', 'exception_opened', 'low_stock'],
  seller: ['new_order'],
  staff: [],
};

/** Which outbox topic is which alert. */
export const TOPIC_ALERTS: Record<string, AlertKind> = {
  'order.created': 'new_order',
  'return.awaiting_approval': 'return_waiting',
  'exception.opened': 'exception_opened',
  'stock.low': 'low_stock',
};

/** Whether the role may receive this alert at all. */
export const alertAllowed = (role: Role, kind: AlertKind) => ROLE_PERMISSIONS[role].includes(NEEDS[kind]);

/** Every alert with whether this person gets it: their own choice where they made one, else the role's default. */
export function alertSettings(role: Role, choices: ReadonlyMap<string, boolean>) {
  return ALERT_KINDS.map((kind) => {
    const allowed = alertAllowed(role, kind);
    const enabled = allowed && (choices.get(kind) ?? ROLE_DEFAULTS[role].includes(kind));
    return { kind, allowed, enabled };
  });
}

/** Low stock: a SKU that keeps a safety stock and has no more on hand, unreserved, than that safety stock. */
export function isLowStock(levels: readonly { available: number; safety_stock: number }[]) {
  const safety = levels.reduce((s, l) => s + l.safety_stock, 0);
  const available = levels.reduce((s, l) => s + l.available, 0);
  return safety > 0 && available <= safety;
}
