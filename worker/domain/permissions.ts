/** Roles, permissions and who holds what. Every route names one permission; nothing is allowed by default. */

export const PERMISSIONS = [
  'orders:read',
  'orders:write',
  'orders:cancel',
  'inventory:read',
  'inventory:write',
  'catalog:read',
  'catalog:write',
  'locations:read',
  'locations:write',
  'channels:read',
  'channels:manage',
  'carriers:manage',
  'fulfillment:read',
  'fulfillment:write',
  'returns:read',
  'returns:write',
  'returns:approve',
  'purchasing:read',
  'purchasing:write',
  'purchasing:receive',
  'exceptions:read',
  'audit:read',
  'users:manage',
  'tokens:manage',
  'reports:read',
  'data:import',
  'data:export',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'manager', 'staff', 'seller'] as const;
export type Role = (typeof ROLES)[number];

const READ: Permission[] = [
  'orders:read',
  'inventory:read',
  'catalog:read',
  'locations:read',
  'channels:read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // the business owner: everything, including people and integrations
  owner: PERMISSIONS,
  // runs operations: everything but people and integration tokens
  manager: PERMISSIONS.filter((p) => p !== 'users:manage' && p !== 'tokens:manage'),
  // store and warehouse floor: sees orders, moves stock, opens and receives returns
  staff: [
    ...READ,
    'inventory:write',
    'fulfillment:read',
    'fulfillment:write',
    'returns:read',
    'returns:write',
    'exceptions:read',
    'purchasing:read',
    'purchasing:receive',
  ],
  // sells: takes and cancels orders, opens returns for customers, sees stock
  seller: [
    ...READ,
    'orders:write',
    'orders:cancel',
    'fulfillment:read',
    'returns:read',
    'returns:write',
    'exceptions:read',
    'reports:read',
  ],
};

export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** What audit entries name as the actor, e.g. `user:01H...` or `token:01H...`. */
  actor: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
}

export const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);
