// A timing shim around the real app, for finding where an order's time goes (see bench/probe/run.mjs).
// It hands the app an Env whose D1 and InventoryDO bindings time every round trip, and keeps the counts.
import { app } from '../../worker/app';
import worker from '../../worker/index';

export * from '../../worker/index';

interface Span {
  name: string;
  ms: number;
}
const totals = new Map<string, { calls: number; ms: number }>();
let requests = 0;
let sample: Span[] = [];

async function timed<T>(spans: Span[], name: string, run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await run();
  } finally {
    spans.push({ name, ms: performance.now() - t });
  }
}

const STATEMENT_CALLS = new Set(['all', 'run', 'raw', 'first']);

function timedDb(db: D1Database, spans: Span[]): D1Database {
  const targets = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (typeof prop === 'string' && STATEMENT_CALLS.has(prop)) {
          return (...args: unknown[]) => timed(spans, `d1 ${sqlKind(sql)}`, () => value.apply(target, args));
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    targets.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === 'batch') {
        return (stmts: D1PreparedStatement[]) =>
          timed(spans, `d1 batch(${stmts.length})`, () =>
            target.batch(stmts.map((s) => targets.get(s) ?? s)),
          );
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const sqlKind = (sql: string) => {
  const [verb, ...rest] = sql.trim().split(/\s+/);
  const table = rest.find((_, i) => /^(from|into|update)$/i.test(rest[i - 1] ?? verb!)) ?? '';
  return `${verb!.toLowerCase()} ${table.replaceAll('"', '')}`;
};

function timedInventory(ns: Env['INVENTORY'], spans: Span[]): Env['INVENTORY'] {
  return new Proxy(ns, {
    get(target, prop) {
      if (prop !== 'getByName') return Reflect.get(target, prop, target);
      return (name: string) => {
        const stub = target.getByName(name);
        return new Proxy(stub, {
          get(s, method) {
            if (method === 'then' || typeof method !== 'string') return undefined;
            const call = (s as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
            return (...args: unknown[]) => timed(spans, `do ${method}`, () => call(...args));
          },
        });
      };
    },
  });
}

export default {
  ...worker,
  async fetch(req: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(req.url);
    if (url.pathname === '/api/__probe') {
      const out = { requests, totals: Object.fromEntries(totals), sample };
      if (req.method === 'DELETE') {
        totals.clear();
        requests = 0;
        sample = [];
      }
      return Response.json(out);
    }
    // Unit costs: n sequential D1 `SELECT 1`s, or n DO RPCs that read one small table.
    if (url.pathname === '/api/__probe/d1' || url.pathname === '/api/__probe/do') {
      const n = Number(url.searchParams.get('n') ?? 100);
      const stub = env.INVENTORY.getByName('PROBE-UNIT');
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        if (url.pathname.endsWith('d1')) await env.DB.prepare('SELECT 1').first();
        else await stub.levels();
      }
      return Response.json({ n, ms_each: (performance.now() - t) / n });
    }
    const spans: Span[] = [];
    const wrapped = { ...env, DB: timedDb(env.DB, spans), INVENTORY: timedInventory(env.INVENTORY, spans) };
    const res = await timed(spans, 'worker total', async () => app.fetch(req, wrapped, ctx));
    if (req.method === 'POST' && url.pathname === '/api/v1/orders') {
      requests++;
      sample = spans;
      for (const s of spans) {
        const t = totals.get(s.name) ?? { calls: 0, ms: 0 };
        totals.set(s.name, { calls: t.calls + 1, ms: t.ms + s.ms });
      }
    }
    return res;
  },
};
