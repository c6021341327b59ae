// Child processes the bench starts, and the promise that every one of them is stopped at the end.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const groups = new Set();
const finalizers = [];

/** Starts a long-running command in its own process group, so cleanup can stop it and its children. */
export function startTracked(cmd, args, opts = {}) {
  const child = spawn(cmd, args, {
    ...opts,
    detached: true,
    stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}

/** Stops one tracked process group and waits (up to 5 s) for its leader to exit. */
export async function stopTracked(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs a tracked command to completion; resolves with its exit code and output. */
export function runTracked(cmd, args, opts = {}) {
  const child = startTracked(cmd, args, opts);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

/** Runs a command to completion; throws with its output when it fails. */
export function runOrThrow(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000),
    );
  }
  return r.stdout;
}

/** Something to run at cleanup (stopping a daemon, removing a temp dir), last registered first. */
export const onCleanup = (fn) => finalizers.unshift(fn);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Stops every process group we started (TERM, then KILL) and runs the finalizers. Safe to call twice. */
export async function cleanup() {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {}
  }
  for (let i = 0; i < 30 && groups.size > 0; i++) await sleep(100);
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
  groups.clear();
  while (finalizers.length) {
    try {
      await finalizers.shift()();
    } catch (err) {
      console.error('cleanup:', err.message);
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => cleanup().finally(() => process.exit(130)));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until GET url answers 200, or throws after timeoutMs. */
export async function waitForOk(url, timeoutMs = 60_000, child = null) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(150);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
