// The real Worker on a local port through `wrangler dev`, offline: D1 migrations, demo people, demo data.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS, demoUsersSql } from './demo-users.mjs';
import { seedDemo } from './seed-demo.mjs';
import { localVapidKeys, vapidVars } from './vapid-keys.mjs';

const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npx wrangler ...args` in a process group of its own, so one signal reaches wrangler and its workerd
 * processes; killed when this process exits at the latest. No stdin: wrangler never prompts or waits.
 */
function wrangler(args, log) {
  const child = spawn('npx', ['wrangler', ...args], {
    env: ENV,
    detached: true,
    stdio: ['ignore', log ? 'inherit' : 'pipe', log ? 'inherit' : 'pipe'],
  });
  let output = '';
  const keep = (d) => (output = (output + d).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false; // nothing left in the group
    }
  };
  const kill = () => signal('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      keep(error.message);
      resolve('error');
    });
    child.once('exit', (code, sig) => resolve(code ?? sig));
  });
  exited.then(() => process.off('exit', kill));

  /** SIGTERM to the group, SIGKILL to what is left after 5 s. */
  async function stop() {
    signal('SIGTERM');
    const deadline = Date.now() + 5000;
    while (signal(0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    signal('SIGKILL');
    await exited;
  }
  return { exited, stop, output: () => output };
}

async function run(args, log) {
  const w = wrangler(args, log);
  const code = await w.exited;
  if (code !== 0) throw new Error(`wrangler ${args.join(' ')} exited ${code}\n${w.output()}`);
}

/** The local stand-in for the CREDENTIALS_KEY secret, kept beside the state it seals. */
function credentialsKey(dir) {
  const file = join(dir, 'credentials-key');
  if (!existsSync(file))
    writeFileSync(file, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'));
  return readFileSync(file, 'utf8').trim();
}

/**
 * Starts the Worker on 127.0.0.1:`port` with its state in `persistTo` (wrangler's `.wrangler/state` when
 * omitted). `log` shows wrangler's output at its usual level; otherwise only errors are kept, for the
 * error thrown. `cron` fires the Worker's scheduled handler every minute, as Cloudflare would.
 * `stop()` ends wrangler and its workerd processes; `exited` settles with wrangler's exit code.
 */
export async function startLocalWorker({
  port,
  persistTo,
  seed = true,
  log = false,
  cron = false,
  demoOrdersPerHour = 0,
}) {
  const persist = persistTo ? ['--persist-to', persistTo] : [];
  const dir = persistTo ?? '.wrangler';
  await run(['d1', 'migrations', 'apply', 'DB', '--local', ...persist], log);
  mkdirSync(dir, { recursive: true });
  const usersFile = join(dir, 'demo-users.sql');
  writeFileSync(usersFile, await demoUsersSql());
  await run(['d1', 'execute', 'DB', '--local', ...persist, '--file', usersFile], log);

  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
    '--var',
    `CREDENTIALS_KEY:${credentialsKey(dir)}`,
    ...vapidVars(await localVapidKeys(dir)),
  ];
  const dev = wrangler([...args, ...persist, ...(log ? [] : ['--log-level', 'error'])], log);
  let running = true;
  dev.exited.then(() => (running = false));

  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!running) throw new Error(`wrangler dev exited early\n${dev.output()}`);
      if (Date.now() > deadline)
        throw new Error(`no answer from ${url}/api/v1/health in 60 s\n${dev.output()}`);
      const ok = await fetch(`${url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (seed) await seedDemo(url, DEMO_USERS[0].email, DEMO_PASSWORD, { ordersPerHour: demoOrdersPerHour });
  } catch (error) {
    await dev.stop();
    throw error;
  }
  // wrangler dev does not fire cron triggers itself; its scheduled handler endpoint does
  const ticker = cron
    ? setInterval(() => fetch(`${url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`).catch(() => {}), 60_000)
    : null;
  const stop = async () => {
    if (ticker) clearInterval(ticker);
    await dev.stop();
  };
  return { url, stop, exited: dev.exited };
}
