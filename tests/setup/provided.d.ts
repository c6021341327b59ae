// What tests/node/fake-servers.ts hands to the tests through `inject()`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local EasyPost on 127.0.0.1. */
    easypostUrl: string;
    /** The local Shopify Admin GraphQL endpoint. */
    shopifyUrl: string;
  }
}
