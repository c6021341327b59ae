// `npm start`: the whole OMS on one local port, offline, with demo data.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_USERS, demoUsersSql } from './demo-users.mjs';
import { seedDemo } from './seed-demo.mjs';

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://localhost:${PORT}`;
const quiet = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: quiet });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', '--silent', 'build:web']);
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);
mkdirSync('.wrangler', { recursive: true });
writeFileSync('.wrangler/demo-users.sql', await demoUsersSql());
run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--file', '.wrangler/demo-users.sql']);

const dev = spawn(
  'npx',
  ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(PORT), '--inspector-port', String(PORT + 542)],
  { stdio: 'inherit', env: quiet },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => dev.kill(sig));
dev.on('exit', (code) => process.exit(code ?? 0));

const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  try {
    if ((await fetch(`${BASE}/api/v1/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 300));
}
await seedDemo(BASE, DEMO_USERS[0].email, DEMO_PASSWORD);
console.log(`
  Switchyard is running at ${BASE}
  Sign in as ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}  (also manager@, staff@, seller@example.com)
  API docs: ${BASE}/api/docs
`);
