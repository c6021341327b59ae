// Boots Switchyard under `wrangler dev` on its own ports and state, from a snapshot of the working tree.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS, demoUsersSql } from '../../scripts/demo-users.mjs';
import { request } from './load.mjs';
import { freePort, runOrThrow, startTracked, waitForOk } from './procs.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const QUIET = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
// wrangler dev's own dashboards: a trace collector that every request, D1 query and DO call streams spans
// to, and the local data explorer. Neither exists in production. Measured with bench/probe/run.mjs, they
// take an order from ~5.4 to ~7-11 ms of workerd CPU (a DO RPC from 0.15 to 0.7-0.9 ms), so they are off.
const NO_DEV_TOOLS = { X_LOCAL_OBSERVABILITY: 'false', X_LOCAL_EXPLORER: 'false' };
const SCOPES = [
  'orders:write',
  'orders:read',
  'inventory:read',
  'inventory:write',
  'catalog:write',
  'locations:write',
  'fulfillment:read',
  'fulfillment:write',
  'carriers:manage',
];

// wrangler dev rebuilds and restarts the user worker (on a new port) whenever a source file changes, and
// other work goes on in this repo while the bench runs. A copy of the sources keeps the run on one build.
// Everything but the web app's sources, tests, VCS and state is copied; `main` swaps the entry point
// (bench/probe's timing shim) and keeps the rest of wrangler.toml.
const SKIP = new Set([
  'node_modules',
  '.git',
  '.wrangler',
  '.svelte-kit',
  'web',
  'tests',
  'docs',
  'dist',
  'bench/results',
]);

function snapshot(source, dir, main) {
  cpSync(source, dir, { recursive: true, filter: (p) => !SKIP.has(relative(source, p)) });
  // The bench's own in-workerd parts come from this bench, whatever tree is measured.
  for (const part of ['bench/p2', 'bench/probe'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  if (main) {
    const toml = readFileSync(join(dir, 'wrangler.toml'), 'utf8');
    writeFileSync(join(dir, 'wrangler.toml'), toml.replace(/^main = .*$/m, `main = "${main}"`));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const assets = join(dir, 'web/build');
  if (existsSync(join(source, 'web/build/index.html'))) {
    cpSync(join(source, 'web/build'), assets, { recursive: true });
  } else {
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, 'index.html'), '<!doctype html>');
  }
}

/** The two workerd processes under wrangler dev: its proxy (on --port) and the user worker's runtime. */
function workerdPids(rootPid) {
  const kids = new Map();
  for (const d of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  const found = {};
  for (const todo = [rootPid]; todo.length; ) {
    for (const pid of kids.get(todo.pop()) ?? []) {
      todo.push(pid);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('workerd')) continue;
      if (cmd.includes('--socket-addr=entry=127.0.0.1:0')) found.user = pid;
      else if (cmd.includes('--socket-addr=entry=')) found.proxy = pid;
    }
  }
  if (!found.user || !found.proxy) throw new Error('did not find both workerd processes under wrangler dev');
  return found;
}

/** TCP ports a process listens on, from /proc (its socket inodes matched against /proc/net/tcp). */
function listeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]);
    } catch {}
  }
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && inodes.has(f[9]))
    .map((f) => Number.parseInt(f[1].split(':')[1], 16));
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** Starts wrangler dev, applies migrations, adds the demo owner, and makes an API token. */
export async function startSwitchyard(tmp, { main, devTools = false, source = ROOT } = {}) {
  const env = devTools ? QUIET : { ...QUIET, ...NO_DEV_TOOLS };
  const app = join(tmp, 'app');
  const state = join(tmp, 'state');
  snapshot(source, app, main);
  const wrangler = (args) => runOrThrow('npx', ['wrangler', ...args], { cwd: app, env: QUIET });
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  writeFileSync(join(tmp, 'users.sql'), await demoUsersSql());
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', join(tmp, 'users.sql')]);

  const [port, inspector] = [await freePort(), await freePort()];
  const args = [
    'wrangler',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspector),
    '--var',
    `CREDENTIALS_KEY:${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`,
  ];
  const dev = startTracked('npx', [...args, '--persist-to', state, '--log-level', 'error'], {
    cwd: app,
    env,
  });
  let log = '';
  dev.stdout.on('data', (d) => (log = (log + d).slice(-4000)));
  dev.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const proxy = `http://127.0.0.1:${port}`;
  await waitForOk(`${proxy}/api/v1/health`, 90_000, dev).catch((e) => {
    throw new Error(`${e.message}\n${log}`);
  });
  // The path the bench uses: the user worker's own workerd port. wrangler's proxy (a second workerd on
  // --port) only forwards each request to it; the same entry, asset router, Worker, D1 and DOs answer.
  // Measured here (bench/probe/run.mjs): the proxy costs 2-2.7 ms CPU per order in its own process and
  // GET /health does ~820-1075/s direct against ~310-460/s through it, at 64 clients.
  const pids = workerdPids(dev.pid);
  let direct = null;
  for (const p of listeningPorts(pids.user)) {
    const base = `http://127.0.0.1:${p}`;
    const r = await request(undefined, base, 'GET', '/api/v1/health').catch(() => null);
    if (r?.status === 200) direct = base;
  }
  if (!direct) throw new Error('could not find the user worker port behind the wrangler proxy');

  const owner = DEMO_USERS.find((u) => u.role === 'owner');
  const login = await request(undefined, proxy, 'POST', '/api/v1/auth/login', {
    email: owner.email,
    password: DEMO_PASSWORD,
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const made = await request(
    undefined,
    proxy,
    'POST',
    '/api/v1/tokens',
    { name: 'bench', scopes: SCOPES },
    { cookie, origin: proxy },
  );
  if (made.status !== 201) throw new Error(`token: ${made.status} ${JSON.stringify(made.body)}`);
  return { app, dev, proxy, direct, headers: { authorization: `Bearer ${made.body.token}` }, pids };
}
