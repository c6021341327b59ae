// What tests/node/fake-servers.ts hands to the tests through `inject()`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local EasyPost on 127.0.0.1. */
    easypostUrl: string;
    /** The local Shopify Admin GraphQL endpoint. */
    shopifyUrl: string;
    /** The local eBay (Fulfillment, Inventory, Notification APIs). */
    ebayUrl: string;
    /** The local Etsy Open API v3. */
    etsyUrl: string;
    /** The local WooCommerce REST API (wc/v3). */
    woocommerceUrl: string;
    /** The local BigCommerce (v2 orders, v3 inventory). */
    bigcommerceUrl: string;
    /** The local Amazon SP-API and Login with Amazon token endpoint. */
    amazonUrl: string;
    /** A local EDI trading partner receiving our X12 POSTs (GET /__received?key= lists them). */
    ediPartnerUrl: string;
    /** The local Walmart Marketplace API. */
    walmartUrl: string;
    /** A webhook subscriber that verifies signatures (tests/node/webhook-receiver.ts). */
    webhookReceiverUrl: string;
    /** The local Web Push service (tests/node/push-endpoint.ts): decrypts pushes, checks VAPID. */
    pushEndpointUrl: string;
  }
}
