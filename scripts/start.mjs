// `npm start`: the whole OMS on one local port, offline, with demo data.
import { spawnSync } from 'node:child_process';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.mjs';
import { startLocalWorker } from './local-worker.mjs';

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://localhost:${PORT}`;

let worker;
// wrangler runs in its own process group, so Ctrl-C reaches it only through here
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (worker ? worker.stop() : process.exit(130)));

const build = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
try {
  // a sandbox channel brings a dummy order every few minutes, so the demo keeps moving
  worker = await startLocalWorker({ port: PORT, log: true, cron: true, demoOrdersPerHour: 12 });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
worker.exited.then((code) => process.exit(typeof code === 'number' ? code : 0));
console.log(`
  Switchyard is running at ${BASE}
  Sign in as ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}  (also manager@, staff@, seller@example.com)
  API docs: ${BASE}/api/docs
`);
