// The one load client that drives both Switchyard and the peer: node:http over keep-alive sockets,
// `concurrency` clients each sending one request at a time (closed loop), with per-request bodies.
import http from 'node:http';

/** p-th percentile (0..100) of a sorted array of numbers. */
export const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;

/**
 * One request; resolves with status and parsed JSON body (or raw text). Never rejects on HTTP errors.
 * Without an agent it uses a fresh connection: a kept-alive idle socket can be reset under the caller.
 */
export function request(agent, base, method, path, body, headers = {}) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: agent ?? false,
        headers: {
          ...headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json = text;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {}
          resolve({ status: res.statusCode, body: json, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Runs `concurrency` closed-loop clients for `durationMs` or until `maxCount` requests were started,
 * whichever comes first. `next(i)` gives request i's body; `onAnswer(answer)` sees each 2xx answer.
 */
export async function runLoad({
  base,
  path,
  method = 'POST',
  headers,
  concurrency,
  durationMs,
  maxCount = Infinity,
  next = () => undefined,
  onAnswer,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const statuses = {};
  let started = 0;
  let failures = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  async function client() {
    while (started < maxCount && performance.now() < deadline) {
      const body = next(started++);
      const t = performance.now();
      try {
        const answer = await request(agent, base, method, path, body, headers);
        const ms = performance.now() - t;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status >= 200 && answer.status < 300) {
          latencies.push(ms);
          onAnswer?.(answer);
        }
      } catch {
        failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    failures,
  };
}
