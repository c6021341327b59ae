// A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the peer, with the server's defaults
// (fsync on, synchronous_commit on); initdb's own --no-sync only skips syncing the fresh data dir.
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, onCleanup, runOrThrow } from './procs.mjs';

const BIN = '/usr/lib/postgresql/15/bin';

const SCHEMA = `
CREATE TABLE locations (code text PRIMARY KEY, priority int NOT NULL DEFAULT 100);
CREATE TABLE stock (
  sku text NOT NULL, location text NOT NULL REFERENCES locations,
  on_hand int NOT NULL CHECK (on_hand >= 0), reserved int NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  PRIMARY KEY (sku, location), CHECK (reserved <= on_hand));
CREATE TABLE orders (
  id bigserial PRIMARY KEY, channel text NOT NULL, external_id text NOT NULL, status text NOT NULL,
  currency text NOT NULL, ship_to jsonb, total bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX orders_channel_external ON orders (channel, external_id);
CREATE TABLE order_lines (
  id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, line_no int NOT NULL,
  sku text NOT NULL, quantity int NOT NULL, unit_price bigint NOT NULL, backordered int NOT NULL);
CREATE TABLE allocations (
  id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, line_id bigint NOT NULL REFERENCES order_lines,
  sku text NOT NULL, location text NOT NULL, quantity int NOT NULL);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE INDEX allocations_order ON allocations (order_id);
`;

const isRoot = process.getuid?.() === 0;
// initdb refuses root; as root, the cluster belongs to `postgres` (runuser), otherwise to the caller.
const asPostgres = (cmd, args) =>
  isRoot
    ? runOrThrow('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args], { cwd: '/' })
    : runOrThrow(join(BIN, cmd), args);

function chownToPostgres(dir) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no postgres user to run the cluster as');
  const [, , uid, gid] = line.split(':');
  chownSync(dir, Number(uid), Number(gid));
}

/** initdb + pg_ctl start in a new temp dir; returns a connection string. Stopped and removed at cleanup. */
export async function startPostgres() {
  // Its own dir under /tmp: the postgres user cannot enter the bench's (root-only) temp dir.
  const dir = mkdtempSync('/tmp/sy-bench-pg-');
  if (isRoot) chownToPostgres(dir);
  const data = join(dir, 'data');
  onCleanup(() => {
    try {
      if (existsSync(join(data, 'postmaster.pid')))
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  asPostgres('initdb', ['-D', data, '-U', 'bench', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`;
  asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
  const url = `postgres://bench@127.0.0.1:${port}/postgres`;
  runOrThrow(join(BIN, 'psql'), [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', SCHEMA]);
  return url;
}
