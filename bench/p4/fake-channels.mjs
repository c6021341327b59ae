// P4's four channels: the local Shopify, WooCommerce, BigCommerce and Amazon of tests/node, each with the
// body that connects Switchyard to it, the `external` ids a listing needs there, and what it received, read
// back as requests { at, cost, set: { sku: quantity }, operation? } in our own SKUs (`operation` when not the
// channel's own, e.g. an Amazon feed).
import './ts-imports.mjs';

// Shopify charges an inventorySetQuantities mutation 10 points of its GraphQL bucket (shopify-client.ts).
const SHOPIFY_MUTATION_POINTS = 10;
const SELLER = 'A2SELLERP4';
const hex = () => Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex');
const getJson = async (url) => (await fetch(url)).json();

/** Each channel's own id for our SKU number `index` (0-based), below the ids the fakes treat as missing. */
const idOf = (index) => String(1001 + index);

function shopify(url) {
  const token = `shpat_p4${hex()}`;
  return {
    name: 'shopify',
    operation: 'shopify.graphql',
    body: {
      type: 'shopify',
      name: 'P4 Shopify',
      config: {
        shop_domain: 'p4-bench.myshopify.com',
        webhook_secret: `whsec_${hex()}`,
        access_token: token,
        api_base_url: url,
      },
    },
    external: (index) => ({ inventory_item_id: idOf(index), location_id: '905684977' }),
    async received(skuOf) {
      const { arrivals } = await getJson(`${url}/__levels?token=${token}`);
      return arrivals.map((a) => ({
        at: a.at,
        cost: SHOPIFY_MUTATION_POINTS,
        set: Object.fromEntries(
          Object.entries(a.set).map(([gid, qty]) => [skuOf(gid.split('/').pop()), qty]),
        ),
      }));
    },
  };
}

function woocommerce(url) {
  const key = `ck_${hex()}`;
  return {
    name: 'woocommerce',
    operation: 'woocommerce.rest',
    body: {
      type: 'woocommerce',
      name: 'P4 WooCommerce',
      config: {
        store_url: 'https://p4-bench.example.com',
        consumer_key: key,
        consumer_secret: `cs_${hex()}`,
        webhook_secret: `whsec_${hex()}`,
        api_base_url: url,
      },
    },
    external: (index) => ({ product_id: idOf(index) }),
    async received(skuOf) {
      const { pushes } = await getJson(`${url}/__pushes?key=${key}`);
      return pushes.map((p) => ({
        at: p.at,
        cost: 1,
        set: Object.fromEntries((p.body.update ?? []).map((u) => [skuOf(String(u.id)), u.stock_quantity])),
      }));
    },
  };
}

function bigcommerce(url) {
  const token = `bc-p4${hex()}`;
  return {
    name: 'bigcommerce',
    operation: 'bigcommerce.rest',
    body: {
      type: 'bigcommerce',
      name: 'P4 BigCommerce',
      config: {
        store_hash: 'p4bench',
        access_token: token,
        webhook_secret: `bc-hook-${hex()}`,
        api_base_url: url,
      },
    },
    external: (index) => ({ variant_id: idOf(index), location_id: '1' }),
    async received(skuOf) {
      const { pushes } = await getJson(`${url}/__pushes?token=${token}`);
      return pushes.map((p) => ({
        at: p.at,
        cost: 1,
        set: Object.fromEntries((p.body.items ?? []).map((i) => [skuOf(String(i.variant_id)), i.quantity])),
      }));
    },
  };
}

function amazon(url) {
  const refresh = `p4${hex()}`;
  return {
    name: 'amazon',
    operation: 'amazon.patchListingsItem',
    body: {
      type: 'amazon',
      name: 'P4 Amazon',
      config: {
        seller_id: SELLER,
        marketplace_ids: ['ATVPDKIKX0DER'],
        refresh_token: `Atzr|${refresh}`,
        client_id: 'amzn1.application-oa2-client.p4',
        client_secret: `amzn1.oa2-cs.v1.${hex()}`,
        api_base_url: url,
        auth_base_url: url,
      },
    },
    external: (index) => ({ seller_sku: `AMZ-${idOf(index)}` }),
    // Many listings at once go as one JSON_LISTINGS_FEED, timed at its createFeed (the fake applies it then;
    // the real Amazon takes minutes more), a few by patchListingsItem.
    async received(skuOf) {
      const { pushes } = await getJson(`${url}/__pushes?token=${encodeURIComponent(`Atza|${refresh}`)}`);
      const ours = (sellerSku) => skuOf(sellerSku.slice('AMZ-'.length));
      return pushes.map((p) => {
        if (p.path === '/feeds/2021-06-30/feeds') {
          return {
            at: p.at,
            cost: 1,
            operation: 'amazon.createFeed',
            set: Object.fromEntries(Object.entries(p.body.quantities).map(([s, q]) => [ours(s), q])),
          };
        }
        const sellerSku = decodeURIComponent(p.path.split('?')[0].split('/').pop());
        return { at: p.at, cost: 1, set: { [ours(sellerSku)]: p.body.patches[0].value[0].quantity } };
      });
    },
  };
}

/** Starts the four fake channels on 127.0.0.1; `close()` stops them all. */
export async function startFakeChannels() {
  // imported here, once ts-imports.mjs can resolve their own imports
  const [
    { startAmazonServer },
    { startBigCommerceServer },
    { startFakeShopify },
    { startWooCommerceServer },
  ] = await Promise.all([
    import('../../tests/node/amazon-server.ts'),
    import('../../tests/node/bigcommerce-server.ts'),
    import('../../tests/node/shopify-server.ts'),
    import('../../tests/node/woocommerce-server.ts'),
  ]);
  const servers = await Promise.all([
    startFakeShopify(),
    startWooCommerceServer(),
    startBigCommerceServer(),
    startAmazonServer(),
  ]);
  const channels = [shopify, woocommerce, bigcommerce, amazon].map((make, i) => make(servers[i].url));
  return { channels, close: () => Promise.all(servers.map((s) => s.close())) };
}

/** Our SKU for a channel's id of it, given our SKUs in order (`external(index)` names SKU `index`). */
export const skuByChannelId = (skus) => {
  const byId = new Map(skus.map((sku, index) => [idOf(index), sku]));
  return (id) => byId.get(id) ?? `unknown:${id}`;
};
