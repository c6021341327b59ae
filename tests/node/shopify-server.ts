// A local Shopify Admin GraphQL endpoint for stock pushes: inventorySetQuantities with compare-and-set
// (changeFromQuantity), per access token so test files never share state. A token starting `shpat_slow`
// answers its first call 429 with Retry-After: 1, as Shopify's throttle does.
// Refunds: the order's transactions (one paid SALE) and refundCreate, once per @idempotent key. A token
// starting `shpat_refund500` answers its first refundCreate HTTP 500, as an outage would.
// Orders: POST /__orders?token= stores a REST order body; OrderLineItems answers its line items.
// Return decisions: returnApproveRequest / returnDeclineRequest are recorded per token (GET /__return-decisions);
// a token starting `shpat_returnerr` is answered userErrors, one starting `shpat_return500` HTTP 500.
import { createServer } from 'node:http';

const levels = new Map<string, Map<string, number>>();
const calls = new Map<string, number>();
type Refund = { id: string; order: string; amount: string; key: string };
const refunds = new Map<string, Refund[]>();
let refundSeq = 900_000_000;
const refundOutages = new Set<string>();
type RestOrder = {
  id: number | string;
  line_items: { id: number | string; sku?: string | null; variant_id?: number | null }[];
};
const orders = new Map<string, Map<string, RestOrder>>();

function lineItemsAnswer(token: string, variables: Record<string, any>) {
  const order = orders.get(token)?.get(String(variables.id));
  return {
    data: {
      order: order
        ? {
            lineItems: {
              nodes: order.line_items.map((l) => ({
                id: `gid://shopify/LineItem/${l.id}`,
                sku: l.sku ?? null,
                variant: l.variant_id == null ? null : { legacyResourceId: String(l.variant_id) },
              })),
            },
          }
        : null,
    },
  };
}

function refundAnswer(token: string, query: string, variables: Record<string, any>) {
  if (query.includes('RefundableTransactions')) {
    const id = String(variables.id).split('/').pop();
    return {
      data: {
        order: {
          transactions: [
            {
              id: `gid://shopify/OrderTransaction/${id}1`,
              kind: 'SALE',
              status: 'SUCCESS',
              gateway: 'bogus',
            },
          ],
        },
      },
    };
  }
  const mine = refunds.get(token) ?? [];
  refunds.set(token, mine);
  const key = String(variables.idempotencyKey);
  let made = mine.find((r) => r.key === key);
  if (!made) {
    made = {
      id: `gid://shopify/Refund/${++refundSeq}`,
      order: variables.input.orderId,
      amount: variables.input.transactions[0].amount,
      key,
    };
    mine.push(made);
  }
  return {
    data: {
      refundCreate: {
        refund: {
          id: made.id,
          totalRefundedSet: { shopMoney: { amount: made.amount, currencyCode: 'USD' } },
        },
        userErrors: [],
      },
    },
  };
}
type ReturnDecision = { mutation: string; input: Record<string, unknown> };
const returnDecisions = new Map<string, ReturnDecision[]>();

function returnDecisionAnswer(token: string, query: string, variables: Record<string, any>) {
  const mutation = /returnApproveRequest/.test(query) ? 'returnApproveRequest' : 'returnDeclineRequest';
  returnDecisions.set(token, [...(returnDecisions.get(token) ?? []), { mutation, input: variables.input }]);
  if (token.startsWith('shpat_returnerr'))
    return {
      data: {
        [mutation]: {
          return: null,
          userErrors: [{ field: ['input', 'id'], code: 'INVALID_STATE', message: 'Return is not requested' }],
        },
      },
    };
  const status = mutation === 'returnApproveRequest' ? 'OPEN' : 'DECLINED';
  return { data: { [mutation]: { return: { id: variables.input.id, status }, userErrors: [] } } };
}
/** Each GraphQL call in arrival order, per token: when (epoch ms) and what it set, to check pace and priority. */
const arrivals = new Map<string, { at: number; set: Record<string, number> }[]>();

export function startFakeShopify(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/__levels') {
      const token = url.searchParams.get('token') ?? '';
      if (req.method === 'POST') {
        let raw = '';
        for await (const c of req) raw += c;
        const { item, quantity } = JSON.parse(raw);
        levels.get(token)?.set(item, quantity);
      }
      return reply(200, {
        levels: Object.fromEntries(levels.get(token) ?? []),
        calls: calls.get(token) ?? 0,
        arrivals: arrivals.get(token) ?? [],
      });
    }
    if (url.pathname === '/__orders' && req.method === 'POST') {
      const token = url.searchParams.get('token') ?? '';
      let raw = '';
      for await (const c of req) raw += c;
      const order = JSON.parse(raw) as RestOrder;
      const mine = orders.get(token) ?? new Map<string, RestOrder>();
      orders.set(token, mine.set(`gid://shopify/Order/${order.id}`, order));
      return reply(201, { stored: true });
    }
    if (url.pathname === '/__return-decisions') {
      return reply(200, { decisions: returnDecisions.get(url.searchParams.get('token') ?? '') ?? [] });
    }
    if (url.pathname === '/__refunds') {
      return reply(200, { refunds: refunds.get(url.searchParams.get('token') ?? '') ?? [] });
    }
    const token = String(req.headers['x-shopify-access-token'] ?? '');
    if (!/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(url.pathname) || !token.startsWith('shpat_')) {
      return reply(401, { errors: '[API] Invalid API key or access token' });
    }
    calls.set(token, (calls.get(token) ?? 0) + 1);
    const arrival = { at: Date.now(), set: {} as Record<string, number> };
    arrivals.set(token, [...(arrivals.get(token) ?? []), arrival]);
    if (token.startsWith('shpat_slow') && calls.get(token) === 1) {
      return reply(429, { errors: 'Throttled' }, { 'retry-after': '1' });
    }
    let raw = '';
    for await (const c of req) raw += c;
    const { query, variables } = JSON.parse(raw);
    if (/OrderLineItems/.test(query)) return reply(200, lineItemsAnswer(token, variables));
    if (/refundCreate/.test(query) && token.startsWith('shpat_refund500') && !refundOutages.has(token)) {
      refundOutages.add(token);
      return reply(500, { errors: 'Internal Server Error' });
    }
    if (/returnApproveRequest|returnDeclineRequest/.test(query)) {
      if (token.startsWith('shpat_return500')) {
        const { input } = variables;
        returnDecisions.set(token, [...(returnDecisions.get(token) ?? []), { mutation: 'outage', input }]);
        return reply(500, { errors: 'Internal Server Error' });
      }
      return reply(200, returnDecisionAnswer(token, query, variables));
    }
    if (/RefundableTransactions|refundCreate/.test(query))
      return reply(200, refundAnswer(token, query, variables));
    const mine = levels.get(token) ?? new Map<string, number>();
    levels.set(token, mine);
    if (/AvailableAt/.test(query)) {
      const nodes = (variables.ids as string[]).map((id) => ({
        id,
        inventoryLevel: mine.has(id) ? { quantities: [{ name: 'available', quantity: mine.get(id) }] } : null,
      }));
      return reply(200, { data: { nodes } });
    }
    const quantities = variables.input.quantities as {
      inventoryItemId: string;
      quantity: number;
      changeFromQuantity: number | null;
    }[];
    for (const q of quantities) arrival.set[q.inventoryItemId] = q.quantity;
    const stale = quantities.filter(
      (q) => q.changeFromQuantity !== null && (mine.get(q.inventoryItemId) ?? 0) !== q.changeFromQuantity,
    );
    if (stale.length) {
      return reply(200, {
        data: {
          inventorySetQuantities: {
            inventoryAdjustmentGroup: null,
            userErrors: stale.map((q) => ({
              code: 'CHANGE_FROM_QUANTITY_STALE',
              field: ['input', 'quantities'],
              message: `The quantity of ${q.inventoryItemId} changed since ${q.changeFromQuantity}`,
            })),
          },
        },
      });
    }
    for (const q of quantities) mine.set(q.inventoryItemId, q.quantity);
    return reply(200, {
      data: {
        inventorySetQuantities: {
          inventoryAdjustmentGroup: { id: 'gid://shopify/InventoryAdjustmentGroup/1' },
          userErrors: [],
        },
      },
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
