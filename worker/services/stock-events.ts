/** A stock change to push to the channels; the consumer reads the SKU's current stock, so the latest value wins. */
export interface StockChanged {
  sku: string;
}

/** Tells the stock sync which SKUs changed (best effort: the nightly reconcile repairs a lost message). */
export async function announceStockChange(env: Env, skus: Iterable<string>) {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return;
  // a Queues batch carries at most 100 messages
  for (let i = 0; i < unique.length; i += 100) {
    await env.STOCK_SYNC.sendBatch(
      unique.slice(i, i + 100).map((sku) => ({ body: { sku } satisfies StockChanged })),
    ).catch((err) =>
      console.error(JSON.stringify({ level: 'warn', message: 'stock event not sent', error: String(err) })),
    );
  }
}
