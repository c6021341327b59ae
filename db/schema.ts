import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const skus = sqliteTable('skus', {
  sku: text('sku').primaryKey(),
  name: text('name').notNull(),
  weightGrams: integer('weight_grams'),
  cost: integer('cost'),
  costCurrency: text('cost_currency'),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  /** Sold as final: a change-of-mind return of it always waits for a person. */
  finalSale: integer('final_sale', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: text('updated_at'),
});

export const skuBarcodes = sqliteTable(
  'sku_barcodes',
  {
    barcode: text('barcode').primaryKey(),
    sku: text('sku')
      .notNull()
      .references(() => skus.sku),
    kind: text('kind', { enum: ['upc', 'ean', 'gtin', 'other'] }).notNull(),
  },
  (t) => [index('sku_barcodes_sku').on(t.sku)],
);

export const locations = sqliteTable('locations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['warehouse', 'store', '3pl', 'dropship'] }).notNull(),
  address: text('address', { mode: 'json' }).notNull(),
  lat: real('lat').notNull(),
  lng: real('lng').notNull(),
  priority: integer('priority').notNull().default(100),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

export const channels = sqliteTable('channels', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  stockBuffer: integer('stock_buffer').notNull().default(0),
  settings: text('settings', { mode: 'json' }),
  /** AES-GCM sealed JSON of the channel's credentials (tokens, webhook secrets). */
  configSealed: text('config_sealed'),
  status: text('status', { enum: ['active', 'paused', 'error'] })
    .notNull()
    .default('active'),
  lastOrderAt: text('last_order_at'),
  lastSyncedAt: text('last_synced_at'),
  lastError: text('last_error'),
  createdAt: createdAt(),
});

/** Every webhook delivery, stored before it is acknowledged and processed from the queue. */
export const webhookInbox = sqliteTable(
  'webhook_inbox',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    topic: text('topic').notNull(),
    deliveryId: text('delivery_id').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'processed', 'ignored', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: text('received_at').notNull(),
    processedAt: text('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_inbox_delivery').on(t.channel, t.deliveryId),
    index('webhook_inbox_status').on(t.status),
  ],
);

export const listings = sqliteTable(
  'listings',
  {
    channel: text('channel')
      .notNull()
      .references(() => channels.code),
    channelSku: text('channel_sku').notNull(),
    sku: text('sku')
      .notNull()
      .references(() => skus.sku),
    /** The channel's own ids for pushing stock (Shopify: inventory_item_id and location_id). */
    external: text('external', { mode: 'json' }).$type<Record<string, string>>(),
    /** What the channel should show (ATP less the channel's buffer) and what it last accepted from us. */
    desiredQuantity: integer('desired_quantity'),
    pushedQuantity: integer('pushed_quantity'),
    pushedAt: text('pushed_at'),
    syncError: text('sync_error'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.channelSku] }), index('listings_sku').on(t.sku)],
);

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    customerName: text('customer_name'),
    customerEmail: text('customer_email'),
    shipTo: text('ship_to', { mode: 'json' }),
    subtotal: integer('subtotal').notNull().default(0),
    shippingTotal: integer('shipping_total').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    discountTotal: integer('discount_total').notNull().default(0),
    total: integer('total').notNull().default(0),
    routingExplanation: text('routing_explanation'),
    /** `pickup`: buy online, pick up in store (BOPIS) at `pickup_location`. */
    fulfillment: text('fulfillment', { enum: ['ship', 'pickup'] })
      .notNull()
      .default('ship'),
    pickupLocation: text('pickup_location'),
    /** The channel's own updated_at of the version we hold: an older update never overwrites a newer one. */
    channelUpdatedAt: text('channel_updated_at'),
    request: text('request', { mode: 'json' }).notNull(),
    placedAt: text('placed_at'),
    /** The latest the order may ship and still be on time (Amazon LatestShipDate, else placed + handling time). */
    shipBy: text('ship_by'),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('orders_channel_external').on(t.channel, t.externalId),
    index('orders_status_created').on(t.status, t.createdAt),
    index('orders_created').on(t.createdAt),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    lineNo: integer('line_no').notNull(),
    sku: text('sku'),
    channelSku: text('channel_sku').notNull(),
    name: text('name'),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** The SKU's cost when the order was captured (minor units of `cost_currency`), for COGS. */
    unitCost: integer('unit_cost'),
    costCurrency: text('cost_currency'),
    backordered: integer('backordered').notNull().default(0),
    /** Units the channel or seller cancelled while the rest of the order stands. */
    cancelledQuantity: integer('cancelled_quantity').notNull().default(0),
  },
  (t) => [
    index('order_lines_order').on(t.orderId),
    index('order_lines_sku').on(t.sku),
    // the backorder-age KPI reads the open backorders on every dashboard request
    index('order_lines_backordered').on(t.orderId).where(sql`${t.backordered} > 0`),
  ],
);

export const allocations = sqliteTable(
  'allocations',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    lineId: text('line_id').notNull(),
    sku: text('sku').notNull(),
    location: text('location').notNull(),
    quantity: integer('quantity').notNull(),
    status: text('status', { enum: ['reserved', 'released', 'shipped'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('allocations_order').on(t.orderId), index('allocations_line').on(t.lineId)],
);

export const orderEvents = sqliteTable(
  'order_events',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    at: text('at').notNull(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    actor: text('actor'),
  },
  (t) => [index('order_events_order').on(t.orderId, t.at)],
);

export const exceptions = sqliteTable(
  'exceptions',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    orderId: text('order_id'),
    sku: text('sku'),
    channel: text('channel'),
    message: text('message').notNull(),
    details: text('details', { mode: 'json' }),
    createdAt: createdAt(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('exceptions_status').on(t.status, t.createdAt)],
);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['owner', 'manager', 'staff', 'seller'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

export const auditEntries = sqliteTable(
  'audit_entries',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    data: text('data', { mode: 'json' }),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId), index('audit_at').on(t.at)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const shipments = sqliteTable(
  'shipments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    location: text('location').notNull(),
    method: text('method', { enum: ['ship', 'pickup'] })
      .notNull()
      .default('ship'),
    status: text('status').notNull(),
    pickListId: text('pick_list_id'),
    carrier: text('carrier'),
    service: text('service'),
    trackingCode: text('tracking_code'),
    labelUrl: text('label_url'),
    labelCost: integer('label_cost'),
    labelCurrency: text('label_currency'),
    /** BOPIS: the code the customer shows (as a QR) to collect, and until when it is held for them. */
    pickupCode: text('pickup_code'),
    pickupExpiresAt: text('pickup_expires_at'),
    packages: text('packages', { mode: 'json' }).$type<
      { weight_grams: number; length_mm?: number; width_mm?: number; height_mm?: number }[]
    >(),
    orderPlacedAt: text('order_placed_at').notNull(),
    createdAt: createdAt(),
    labelPurchasedAt: text('label_purchased_at'),
    shippedAt: text('shipped_at'),
    /** The carrier's first scan (pre-transit or in transit): valid-tracking KPI. */
    firstScanAt: text('first_scan_at'),
    deliveredAt: text('delivered_at'),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('shipments_order').on(t.orderId),
    index('shipments_location_status').on(t.location, t.status),
    index('shipments_pick_list').on(t.pickListId),
  ],
);

export const shipmentLines = sqliteTable(
  'shipment_lines',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull(),
    allocationId: text('allocation_id').notNull().unique(),
    orderLineId: text('order_line_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    picked: integer('picked').notNull().default(0),
    packed: integer('packed').notNull().default(0),
  },
  (t) => [index('shipment_lines_shipment').on(t.shipmentId)],
);

export const pickLists = sqliteTable(
  'pick_lists',
  {
    id: text('id').primaryKey(),
    location: text('location').notNull(),
    status: text('status', { enum: ['open', 'done', 'cancelled'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    completedAt: text('completed_at'),
  },
  (t) => [index('pick_lists_location').on(t.location, t.status)],
);

export const skuBins = sqliteTable(
  'sku_bins',
  {
    sku: text('sku').notNull(),
    location: text('location').notNull(),
    bin: text('bin').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.location] })],
);

/** Operations sent by phones with their own ids: each is applied at most once, and its answer replayed. */
export const operations = sqliteTable('operations', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  actor: text('actor').notNull(),
  target: text('target').notNull(),
  result: text('result', { mode: 'json' }).notNull(),
  createdAt: createdAt(),
});

export const carrierAccounts = sqliteTable('carrier_accounts', {
  id: text('id').primaryKey(),
  provider: text('provider', { enum: ['easypost', 'shippo'] }).notNull(),
  name: text('name').notNull(),
  /** AES-GCM sealed JSON: api_key, api_base_url, timeout_ms. */
  configSealed: text('config_sealed').notNull(),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

/** One package's label purchase as a state machine, so a retry after a timeout never buys twice. */
export const labelPurchases = sqliteTable(
  'label_purchases',
  {
    key: text('key').primaryKey(),
    shipmentId: text('shipment_id').notNull(),
    packageNo: integer('package_no').notNull(),
    accountId: text('account_id').notNull(),
    state: text('state', { mode: 'json' }).notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('label_purchases_shipment').on(t.shipmentId)],
);

/** Failed sign-ins per email: too many in a row lock that email out for a while (password guessing). */
export const loginAttempts = sqliteTable('login_attempts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: text('locked_until'),
  lastFailureAt: text('last_failure_at').notNull(),
});

/** Named sequences for human-readable numbers (`rma` -> RMA-000123), bumped inside the batch that uses them. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/** A return (RMA): its status machine is in worker/domain/returns/return-status.ts. */
export const returns = sqliteTable(
  'returns',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    orderId: text('order_id').notNull(),
    status: text('status').notNull(),
    /** `staff`: made in Switchyard; `channel`: made from the channel's own return or refund. */
    source: text('source', { enum: ['staff', 'channel'] }).notNull(),
    /** The channel's own return id (Shopify Return gid, Amazon or eBay return id): one RMA per channel return. */
    externalReturnId: text('external_return_id'),
    /** Why it waits for a person, or that the policy approved it. */
    approval: text('approval', { mode: 'json' }).$type<{ auto: boolean; reasons: string[] }>().notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    decisionNote: text('decision_note'),
    labelRequested: integer('label_requested', { mode: 'boolean' }).notNull().default(false),
    /** Where the return label sends the parcel (any location may still receive it). */
    receivingLocation: text('receiving_location'),
    labelCarrier: text('label_carrier'),
    labelService: text('label_service'),
    labelTrackingCode: text('label_tracking_code'),
    labelUrl: text('label_url'),
    labelCost: integer('label_cost'),
    labelCurrency: text('label_currency'),
    exchangeOrderId: text('exchange_order_id'),
    /** `on_receipt`: the replacement is held (order on_hold) until the return is received. */
    exchangeShip: text('exchange_ship', { enum: ['on_receipt', 'immediately'] }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('returns_status').on(t.status, t.id),
    index('returns_order').on(t.orderId),
    uniqueIndex('returns_external').on(t.orderId, t.externalReturnId),
  ],
);

/** What comes back per order line, and what became of each unit received. */
export const returnLines = sqliteTable(
  'return_lines',
  {
    id: text('id').primaryKey(),
    returnId: text('return_id').notNull(),
    orderLineId: text('order_line_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    received: integer('received').notNull().default(0),
    restocked: integer('restocked').notNull().default(0),
    quarantined: integer('quarantined').notNull().default(0),
    writtenOff: integer('written_off').notNull().default(0),
  },
  (t) => [
    index('return_lines_return').on(t.returnId),
    index('return_lines_order_line').on(t.orderLineId),
    // a quantity of 0 is how a batch refuses a line over its bound (see create-return.ts)
    check('return_lines_quantity', sql`${t.quantity} > 0`),
    check('return_lines_received', sql`${t.received} <= ${t.quantity}`),
    check(
      'return_lines_dispositions',
      sql`${t.received} = ${t.restocked} + ${t.quarantined} + ${t.writtenOff}`,
    ),
  ],
);

/** Money back to the customer: recorded by us, made by the channel, or both linked into one row. */
export const returnRefunds = sqliteTable(
  'return_refunds',
  {
    id: text('id').primaryKey(),
    returnId: text('return_id'),
    orderId: text('order_id').notNull(),
    channel: text('channel').notNull(),
    /** The channel's refund id once it made or reported the refund: one row per channel refund. */
    externalRefundId: text('external_refund_id'),
    status: text('status', {
      enum: ['pushing', 'pushed', 'push_failed', 'manual', 'from_channel'],
    }).notNull(),
    currency: text('currency').notNull(),
    /** What we decided (lines + shipping - restocking fee); null for a refund only the channel made. */
    amount: integer('amount'),
    linesAmount: integer('lines_amount'),
    shippingAmount: integer('shipping_amount'),
    restockingFee: integer('restocking_fee'),
    /** What the channel reports it refunded. */
    channelAmount: integer('channel_amount'),
    note: text('note'),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('return_refunds_external').on(t.channel, t.externalRefundId),
    index('return_refunds_return').on(t.returnId),
    index('return_refunds_order').on(t.orderId),
  ],
);

/** A return's timeline. */
export const returnEvents = sqliteTable(
  'return_events',
  {
    id: text('id').primaryKey(),
    returnId: text('return_id').notNull(),
    at: text('at').notNull(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    actor: text('actor'),
  },
  (t) => [index('return_events_return').on(t.returnId, t.at)],
);

/** The return approval policy (one row, `default`); the code's defaults apply until someone saves one. */
export const returnPolicies = sqliteTable('return_policies', {
  id: text('id').primaryKey(),
  autoApprove: integer('auto_approve', { mode: 'boolean' }).notNull(),
  windowDays: integer('window_days').notNull(),
  maxAutoValue: integer('max_auto_value').notNull(),
  exchangeShip: text('exchange_ship', { enum: ['on_receipt', 'immediately'] }).notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Things a person should be told about (push, e-mail), written with the change; a notifier delivers and marks them. */
export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    message: text('message').notNull(),
    payload: text('payload', { mode: 'json' }),
    createdAt: createdAt(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [index('notification_outbox_pending').on(t.deliveredAt, t.id)],
);

// ---- Channels: polling state -------------------------------------------------------------------------

/** Where each polled channel stream (Amazon orders, Etsy receipts, Walmart orders, eBay orders) left off. */
export const channelCursors = sqliteTable(
  'channel_cursors',
  {
    channel: text('channel').notNull(),
    stream: text('stream').notNull(),
    /** The channel's own paging token or the last modified-since instant, as the connector wrote it. */
    cursor: text('cursor'),
    polledAt: text('polled_at'),
    /** Not before: set from the channel's rate budget or Retry-After. */
    nextPollAt: text('next_poll_at'),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.channel, t.stream] })],
);

// ---- Purchase orders (dropship, replenishment, backorders) ---------------------------------------------

export const purchaseOrders = sqliteTable(
  'purchase_orders',
  {
    id: text('id').primaryKey(),
    /** Human number, e.g. PO-000123. */
    number: text('number').notNull().unique(),
    kind: text('kind', { enum: ['dropship', 'replenishment'] }).notNull(),
    /** The supplier: a location of kind `dropship` (ships to customers) or `supplier` (ships to us). */
    supplier: text('supplier').notNull(),
    /** Replenishment: where the goods are received. Dropship: null (the customer's address). */
    location: text('location'),
    /** Dropship: the customer order it fulfils. */
    orderId: text('order_id'),
    status: text('status', {
      enum: ['draft', 'sent', 'confirmed', 'partially_received', 'received', 'shipped', 'cancelled'],
    }).notNull(),
    sendBy: text('send_by', { enum: ['email', 'webhook', 'edi'] })
      .notNull()
      .default('email'),
    currency: text('currency').notNull().default('USD'),
    supplierReference: text('supplier_reference'),
    carrier: text('carrier'),
    trackingCode: text('tracking_code'),
    expectedAt: text('expected_at'),
    sentAt: text('sent_at'),
    confirmedAt: text('confirmed_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('purchase_orders_status').on(t.status, t.createdAt),
    index('purchase_orders_order').on(t.orderId),
  ],
);

export const purchaseOrderLines = sqliteTable(
  'purchase_order_lines',
  {
    id: text('id').primaryKey(),
    poId: text('po_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    received: integer('received').notNull().default(0),
    /** Minor units per unit, in the PO's currency. */
    unitCost: integer('unit_cost'),
    /** Dropship: the customer order line this line ships. */
    orderLineId: text('order_line_id'),
  },
  (t) => [index('purchase_order_lines_po').on(t.poId), index('purchase_order_lines_sku').on(t.sku)],
);

/** Messages we send to people and systems (PO emails, notices), stored: in dev this is the outbox to read. */
export const outboundMessages = sqliteTable(
  'outbound_messages',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['email', 'webhook', 'edi'] }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    /** What the message is about, e.g. `purchase_order:po_…`. */
    reference: text('reference'),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbound_messages_reference').on(t.reference)],
);

// ---- EDI (trading partners are channels of type `edi`) ----------------------------------------------

/** Every X12 interchange in or out; the raw bytes are in R2 under `r2_key`. */
export const ediDocuments = sqliteTable(
  'edi_documents',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    /** Transaction set: 850, 855, 856, 810, 846, 997, TA1. */
    type: text('type').notNull(),
    interchangeControl: text('interchange_control').notNull(),
    groupControl: text('group_control'),
    setControl: text('set_control'),
    status: text('status', {
      enum: [
        'received',
        'accepted',
        'rejected',
        'duplicate',
        'queued',
        'sent',
        'failed',
        'acknowledged',
        'ack_overdue',
      ],
    }).notNull(),
    r2Key: text('r2_key').notNull(),
    parsed: text('parsed', { mode: 'json' }),
    error: text('error'),
    orderId: text('order_id'),
    shipmentId: text('shipment_id'),
    /** Outbound: when a 997 for it must have arrived. */
    ackDueAt: text('ack_due_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('edi_documents_channel').on(t.channel, t.createdAt),
    index('edi_documents_order').on(t.orderId),
    index('edi_documents_ack_due').on(t.status, t.ackDueAt),
  ],
);

// ---- Phone: push alerts and passkeys ----------------------------------------------------------------

export const pushSubscriptions = sqliteTable(
  'push_subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    device: text('device'),
    createdAt: createdAt(),
    lastSuccessAt: text('last_success_at'),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [index('push_subscriptions_user').on(t.userId)],
);

/** Which alerts each person wants; a missing row means the role's default. */
export const alertPreferences = sqliteTable(
  'alert_preferences',
  {
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const passkeys = sqliteTable(
  'passkeys',
  {
    /** The credential id, base64url. */
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    transports: text('transports', { mode: 'json' }).$type<string[]>(),
    deviceType: text('device_type'),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull().default(false),
    name: text('name'),
    createdAt: createdAt(),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [index('passkeys_user').on(t.userId)],
);

/** WebAuthn challenges: used once, valid for minutes. */
export const authChallenges = sqliteTable('auth_challenges', {
  id: text('id').primaryKey(),
  challenge: text('challenge').notNull(),
  kind: text('kind', { enum: ['register', 'authenticate'] }).notNull(),
  userId: text('user_id'),
  expiresAt: text('expires_at').notNull(),
});

// ---- Data out: outbound webhooks, imports -----------------------------------------------------------

export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  /** AES-GCM sealed signing secret. */
  secretSealed: text('secret_sealed').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  description: text('description'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    /** The event's own id: one delivery per (subscription, event). */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at'),
    deliveredAt: text('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_status').on(t.status, t.nextAttemptAt),
  ],
);

export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['catalog', 'stock', 'orders'] }).notNull(),
    /** SHA-256 of the file: the same file uploaded twice is one job. */
    fileHash: text('file_hash').notNull(),
    r2Key: text('r2_key').notNull(),
    status: text('status', { enum: ['validated', 'invalid', 'applying', 'applied', 'failed'] }).notNull(),
    totalRows: integer('total_rows').notNull(),
    appliedRows: integer('applied_rows').notNull().default(0),
    errors: text('errors', { mode: 'json' }),
    report: text('report', { mode: 'json' }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    finishedAt: text('finished_at'),
  },
  (t) => [uniqueIndex('import_jobs_file').on(t.kind, t.fileHash)],
);

// ---- KPI facts the reports need ---------------------------------------------------------------------

/** Fees a channel charged on an order (referral, fulfilment, payment), for profitability. */
export const orderFees = sqliteTable(
  'order_fees',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    kind: text('kind').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('order_fees_order').on(t.orderId)],
);

// ---- KPI day cache (worker/services/reports/kpi-day-cache.ts) ------------------------------------------

/**
 * The UTC hours (YYYY-MM-DDTHH) at which an order has a KPI event: captured, placed, ship-by, cancelled,
 * labelled, shipped, delivered, first scan, returned, refunded. Kept by triggers (migration 0011), never
 * pruned, so the hours an event moved away from are still found when the order changes again.
 */
export const kpiOrderHours = sqliteTable(
  'kpi_order_hours',
  {
    orderId: text('order_id').notNull(),
    hour: text('hour').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.hour] }), index('kpi_order_hours_hour').on(t.hour)],
);

/**
 * The last time a fact of an order with an event in this UTC hour changed (triggers, migration 0011); the row
 * `backorders` marks the last change to the open backorders (migration 0012).
 */
export const kpiDirtyHours = sqliteTable('kpi_dirty_hours', {
  hour: text('hour').primaryKey(),
  changedAt: text('changed_at').notNull(),
});

/** Every KPI's numbers for one calendar day, in one time zone and filter, as computed at `computed_at`. */
export const kpiDayCache = sqliteTable(
  'kpi_day_cache',
  {
    timeZone: text('time_zone').notNull(),
    /** `*|*`, or the channel and location filter: `<channel or *>|<location or *>`. */
    scope: text('scope').notNull(),
    day: text('day').notNull(),
    computedAt: text('computed_at').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.timeZone, t.scope, t.day] })],
);

/**
 * The KPIs about now (the age of open backorders), per time zone and filter, computed at `as_of`. Ages grow with
 * the clock alone, so they are served shifted by the time since; any change to the open backorders (triggers,
 * migration 0012, mark the `backorders` row of kpi_dirty_hours) makes the row stale.
 */
export const kpiClockCache = sqliteTable(
  'kpi_clock_cache',
  {
    timeZone: text('time_zone').notNull(),
    scope: text('scope').notNull(),
    computedAt: text('computed_at').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.timeZone, t.scope] })],
);
