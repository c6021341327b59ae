// P4's figures from what each channel received: latency per channel and overall, requests, and each channel's
// use of its published budget; as table rows, JSON fields and notes.
import { busiestWindow, latencies, peakUse, spread } from './measure.mjs';

// Arrival times at the fake are not the limiter's own clock readings, and the delay between them varies by tens
// of ms on a busy machine; half a request of slack absorbs that, while one request too many still shows.
const JITTER_SLACK = 0.5;
const round = (n) => Math.round(n);

/** How close requests of one operation came to its budget. */
function budgetUse(operation, requests, spec) {
  const peak = peakUse(requests, spec);
  return {
    operation,
    spec,
    requests: requests.length,
    peak,
    allowed: spec.capacity + JITTER_SLACK * (requests[0]?.cost ?? 1),
  };
}

/**
 * One channel's figures; throws when a movement never reached it. Requests of another operation than the
 * channel's own (an Amazon feed) are checked against that operation's budget in `others`.
 */
function channelFigures(ch, received, moves, limits, burstAt) {
  const ms = latencies(moves, received);
  if (ms.some((v) => v === null || v < 0))
    throw new Error(`P4: ${ch.name} has movements that no request after their commit carried`);
  const byOperation = Map.groupBy(received, (r) => r.operation ?? ch.operation);
  const own = byOperation.get(ch.operation) ?? [];
  const main = budgetUse(ch.operation, own, limits[ch.operation]);
  const others = [...byOperation]
    .filter(([operation]) => operation !== ch.operation)
    .map(([operation, requests]) => budgetUse(operation, requests, limits[operation]));
  return {
    ch,
    spec: main.spec,
    ms,
    ...spread(ms),
    requests: received.length,
    burstRequests: received.filter((r) => r.at >= burstAt).length,
    busiest1s: busiestWindow(own, 1000),
    peak: main.peak,
    allowed: main.allowed,
    others,
  };
}

const within = (c) => c.peak <= c.allowed && c.others.every((o) => o.peak <= o.allowed);

const row = (c) => {
  const unit = c.ch.operation === 'shopify.graphql' ? ' points' : '';
  return [
    c.ch.name,
    `${c.ch.operation}: ${c.spec.capacity}, +${+c.spec.refillPerSecond.toFixed(2)}/s${unit}`,
    `${c.burstRequests} (${c.requests})`,
    round(c.p50),
    round(c.p99),
    round(c.max),
    `${c.busiest1s}${unit}`,
    `${+c.peak.toFixed(2)} of ${c.spec.capacity}`,
    within(c) ? 'within' : 'OVER',
  ];
};

/**
 * `received`: per channel name, the requests it got; `run`: { moves, limits, burstAt, convergedMs, workload }.
 * Answers { json, rows, notes, failed }.
 */
export function p4Report(channels, received, { moves, limits, burstAt, convergedMs, workload }) {
  const figures = channels.map((ch) => channelFigures(ch, received[ch.name], moves, limits, burstAt));
  const overall = spread(figures.flatMap((c) => c.ms));
  const over = figures.filter((c) => !within(c));
  const answers = spread(moves.map((m) => m.answeredAt - m.sentAt));
  // The ledger's time comes from workerd's clock, the send and answer times from this process's.
  const misplaced = moves.filter((m) => m.committedAt < m.sentAt - 1 || m.committedAt > m.answeredAt + 1);
  const json = {
    p4_p50_ms: round(overall.p50),
    p4_p99_ms: round(overall.p99),
    ...Object.fromEntries(
      figures.flatMap((c) => [
        [`p4_${c.ch.name}_p50_ms`, round(c.p50)],
        [`p4_${c.ch.name}_p99_ms`, round(c.p99)],
      ]),
    ),
    p4_within_limits: over.length === 0,
  };
  const rows = [
    ...figures.map(row),
    ['all four', '-', '-', round(overall.p50), round(overall.p99), round(overall.max), '-', '-', '-'],
  ];
  const notes = [
    `${workload} Movements answered in p50 ${round(answers.p50)} ms, p99 ${round(answers.p99)} ms.`,
    "Latency, per movement and channel: from the movement's commit in the SKU's InventoryDO (its ledger `at`) to the arrival at the fake channel of the first request setting that SKU to the stock after the movement or more (stock only grows, so that request reflects it).",
    `Requests: during the burst (whole run, with each listing's first push). Peak: the most a bucket of the published capacity and refill, full at the first request, had to lend at the channel's arrival times; within means at most capacity + ${JITTER_SLACK} request (arrival jitter). Busiest 1 s: cost arrived in any 1 s.`,
    `All channels showed every SKU's final stock ${(convergedMs / 1000).toFixed(1)} s after the last movement's answer.`,
    misplaced.length
      ? `CHECK FAILED: ${misplaced.length} ledger times fall outside their request's send and answer`
      : "Checks: every movement's ledger time lies between its request's send and answer; every movement reached every channel.",
    ...figures.flatMap((c) =>
      c.others.map(
        (o) =>
          `${c.ch.name} also sent ${o.requests} ${o.operation} (${o.spec.capacity}, +${+o.spec.refillPerSecond.toFixed(4)}/s), carrying listings in bulk: peak ${+o.peak.toFixed(2)} of ${o.spec.capacity}, ${o.peak <= o.allowed ? 'within' : 'OVER'}. Its row's requests count them; busiest 1 s and peak are for ${c.ch.operation} alone.`,
      ),
    ),
    ...over.flatMap((c) =>
      [c, ...c.others]
        .filter((o) => o.peak > o.allowed)
        .map(
          (o) =>
            `CHECK FAILED: ${c.ch.name} peaked at ${+o.peak.toFixed(2)} against ${o.spec.capacity} (+${JITTER_SLACK} slack) of ${o.operation ?? c.ch.operation}`,
        ),
    ),
  ];
  return { json, rows, notes, failed: over.length > 0 || misplaced.length > 0 };
}
