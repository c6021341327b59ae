// Prints the SQL that adds the first owner of a deployed Switchyard:
//   node scripts/create-owner.mjs owner@shop.com 'a long passphrase' "Owner Name"
import { hashPassword } from '../worker/domain/secrets.ts';

const [email, password, name = 'Owner'] = process.argv.slice(2);
if (!email || !password || password.length < 12) {
  console.error('usage: node scripts/create-owner.mjs EMAIL PASSWORD(12+ chars) [NAME]');
  process.exit(2);
}
const id = `usr_${crypto.randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
const q = (s) => `'${s.replaceAll("'", "''")}'`;
console.log(
  `INSERT INTO users (id, email, name, role, password_hash) VALUES (${[id, email.toLowerCase(), name, 'owner', await hashPassword(password)].map(q).join(', ')});`,
);
