import { hashPassword } from '../worker/domain/secrets.ts';

export const DEMO_PASSWORD = 'switchyard-demo';
export const DEMO_USERS = [
  { id: 'usr_DEMOOWNER0000000000000000', email: 'owner@example.com', name: 'Olivia Owner', role: 'owner' },
  { id: 'usr_DEMOMANAGER00000000000000', email: 'manager@example.com', name: 'Max Manager', role: 'manager' },
  { id: 'usr_DEMOSTAFF000000000000000', email: 'staff@example.com', name: 'Sam Staff', role: 'staff' },
  { id: 'usr_DEMOSELLER00000000000000', email: 'seller@example.com', name: 'Sella Seller', role: 'seller' },
];

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** SQL that adds the demo people once (INSERT OR IGNORE keeps a re-run harmless). */
export async function demoUsersSql() {
  const rows = [];
  for (const u of DEMO_USERS) {
    const hash = await hashPassword(DEMO_PASSWORD);
    rows.push(
      `INSERT OR IGNORE INTO users (id, email, name, role, password_hash) VALUES (${[u.id, u.email, u.name, u.role, hash].map(quote).join(', ')});`,
    );
  }
  return rows.join('\n');
}
