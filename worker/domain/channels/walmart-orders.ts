/** Walmart Marketplace Orders: the request, nextCursor paging, and one purchase order -> ChannelOrder. */
import { z } from 'zod';
import { splitLineTotal } from './amazon-orders-v0';
import { compact, minorUnits, parsePayload, sum, text } from './payload';
import { type CanonicalOrder, type ChannelOrder, ChannelPayloadError, type ChannelRequest } from './types';
import { walmartHeaders } from './walmart-requests';

const CHANNEL = 'walmart';
const Str = z.string().nullish();
const EpochMs = z.number().int().nonnegative();
// Walmart sends quantities as strings ("1") and money as JSON numbers (124.98).
const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const Money = z.object({ currency: z.string(), amount: z.union([z.number(), z.string()]) });

/** Walmart returns at most 200 orders per page. */
export const WALMART_ORDERS_MAX_LIMIT = 200;

const Line = z.object({
  lineNumber: z.string(),
  item: z.object({ productName: Str, sku: z.string() }),
  charges: z.object({
    charge: z.array(
      z.object({
        chargeType: z.string(),
        chargeAmount: Money,
        tax: z.object({ taxAmount: Money }).nullish(),
      }),
    ),
  }),
  orderLineQuantity: z.object({ amount: Count }),
  statusDate: EpochMs.nullish(),
  orderLineStatuses: z.object({
    orderLineStatus: z.array(z.object({ status: z.string(), statusQuantity: z.object({ amount: Count }) })),
  }),
});

const Order = z.object({
  purchaseOrderId: z.string().min(1),
  customerOrderId: Str,
  customerEmailId: Str,
  orderDate: EpochMs,
  shippingInfo: z
    .object({
      phone: Str,
      postalAddress: z.object({
        name: Str,
        address1: Str,
        address2: Str,
        city: Str,
        state: Str,
        postalCode: Str,
        country: Str,
      }),
    })
    .nullish(),
  orderLines: z.object({ orderLine: z.array(Line).min(1) }),
});

const Page = z.object({
  list: z.object({
    meta: z.object({ totalCount: z.number().int().nullish(), nextCursor: Str }),
    elements: z.object({ order: z.array(z.unknown()).default([]) }).nullish(),
  }),
});

export interface WalmartOrdersQuery {
  /** Orders created at or after this instant (ISO). Walmart reads only the last 7 days without it. */
  createdStartDate: string;
  /** Of those, only orders modified at or after this instant (ISO): new ones, and later changes to old ones. */
  lastModifiedStartDate?: string;
  limit?: number;
  correlationId: string;
}

/** GET /v3/orders by creation and modification date; later pages come from walmartNextOrdersRequest. */
export function walmartGetOrdersRequest(query: WalmartOrdersQuery): ChannelRequest {
  const limit = query.limit ?? WALMART_ORDERS_MAX_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= WALMART_ORDERS_MAX_LIMIT)) {
    throw new RangeError(`Walmart getAllOrders limit is 1 to ${WALMART_ORDERS_MAX_LIMIT}, got ${limit}`);
  }
  const params = new URLSearchParams({
    createdStartDate: new Date(query.createdStartDate).toISOString(),
    ...(query.lastModifiedStartDate
      ? { lastModifiedStartDate: new Date(query.lastModifiedStartDate).toISOString() }
      : {}),
    limit: String(limit),
  });
  return {
    method: 'GET',
    path: `/v3/orders?${params}`,
    headers: walmartHeaders(query.correlationId),
    body: '',
  };
}

/** One page: the raw purchase orders and Walmart's cursor for the next page (a query string), or null. */
export function walmartOrdersPage(response: unknown): { orders: unknown[]; next_cursor: string | null } {
  const page = parsePayload(CHANNEL, Page, response);
  return { orders: page.list.elements?.order ?? [], next_cursor: text(page.list.meta.nextCursor) ?? null };
}

/** The request for the page after one whose meta.nextCursor was `cursor`; null when there is none. */
export function walmartNextOrdersRequest(
  cursor: string | null,
  correlationId: string,
): ChannelRequest | null {
  const query = text(cursor);
  if (!query) return null;
  return {
    method: 'GET',
    path: `/v3/orders${query.startsWith('?') ? query : `?${query}`}`,
    headers: walmartHeaders(correlationId),
    body: '',
  };
}

// Walmart writes countries as ISO 3166 alpha-3; these are the markets it ships in.
const ALPHA2: Record<string, string> = { USA: 'US', CAN: 'CA', MEX: 'MX', CHL: 'CL' };

function country(value: string | null | undefined): string | undefined {
  const code = text(value)?.toUpperCase();
  if (!code) return undefined;
  return code.length === 2 ? code : ALPHA2[code];
}

type Info = NonNullable<z.output<typeof Order>['shippingInfo']>;

function shipTo(info: Info | null | undefined): CanonicalOrder['ship_to'] {
  if (!info) return {};
  const a = info.postalAddress;
  return compact({
    name: text(a.name),
    line1: text(a.address1),
    line2: text(a.address2),
    city: text(a.city),
    region: text(a.state),
    postal_code: text(a.postalCode),
    country: country(a.country),
    phone: text(info.phone),
  });
}

/**
 * A purchase order as a ChannelOrder keyed by purchaseOrderId. Units whose line status is Cancelled are left
 * out; when nothing is left the order is `cancelled` (with its lines as ordered). PRODUCT charges are line
 * totals, split one cent apart when they do not divide by the quantity. Money arrives as JSON numbers and is
 * read through its decimal text, so 19.99 becomes 1999, never 1998.99…
 */
export function normalizeWalmartOrder(payload: unknown): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, payload);
  const lines = o.orderLines.orderLine;
  const currency = lines.flatMap((l) => l.charges.charge)[0]?.chargeAmount.currency ?? 'USD';
  const money = (field: string, m: z.output<typeof Money>) => {
    if (m.currency !== currency) {
      throw new ChannelPayloadError(CHANNEL, `${field}.currency`, `${m.currency} differs from ${currency}`);
    }
    if (typeof m.amount === 'number' && !Number.isFinite(m.amount)) {
      throw new ChannelPayloadError(CHANNEL, `${field}.amount`, 'is not a number');
    }
    return minorUnits(CHANNEL, `${field}.amount`, String(m.amount), currency);
  };
  const charged = (type: string) =>
    lines.map((l, i) =>
      sum(
        l.charges.charge.flatMap((c, j) =>
          c.chargeType === type
            ? [money(`orderLines.orderLine.${i}.charges.charge.${j}.chargeAmount`, c.chargeAmount)]
            : [],
        ),
      ),
    );
  const productTotals = charged('PRODUCT');
  const refund = productTotals.findIndex((total) => total < 0);
  if (refund >= 0) {
    throw new ChannelPayloadError(
      CHANNEL,
      `orderLines.orderLine.${refund}.charges`,
      'sum to a negative price',
    );
  }
  const toLines = (keepCancelled: boolean) =>
    lines.flatMap((l, i) => {
      const ordered = l.orderLineQuantity.amount;
      const cancelled = sum(
        l.orderLineStatuses.orderLineStatus
          .filter((s) => s.status === 'Cancelled')
          .map((s) => s.statusQuantity.amount),
      );
      const quantity = keepCancelled ? ordered : ordered - cancelled;
      if (quantity <= 0) return [];
      // A partly cancelled line keeps its unit price: scale the total to the units still ordered.
      const total = ordered === 0 ? 0 : Math.round((productTotals[i]! * quantity) / ordered);
      const name = text(l.item.productName);
      return splitLineTotal(total, quantity).map((part) => compact({ sku: l.item.sku, ...part, name }));
    });
  const open = toLines(false);
  const tax = sum(
    lines.flatMap((l, i) =>
      l.charges.charge.flatMap((c, j) =>
        c.tax ? [money(`orderLines.orderLine.${i}.charges.charge.${j}.tax.taxAmount`, c.tax.taxAmount)] : [],
      ),
    ),
  );
  const changedAt = Math.max(o.orderDate, ...lines.map((l) => l.statusDate ?? 0));
  const email = text(o.customerEmailId);
  const name = text(o.shippingInfo?.postalAddress.name);
  return {
    order: compact({
      external_id: o.purchaseOrderId,
      currency,
      placed_at: new Date(o.orderDate).toISOString(),
      customer:
        name || email ? compact({ name, email: email?.includes('@') ? email : undefined }) : undefined,
      lines: open.length > 0 ? open : toLines(true),
      ship_to: shipTo(o.shippingInfo),
      shipping_total: sum(charged('SHIPPING')),
      tax_total: tax,
    }),
    status: open.length > 0 ? 'open' : 'cancelled',
    updated_at: new Date(changedAt).toISOString(),
  };
}
