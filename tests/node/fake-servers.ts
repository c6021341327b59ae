import type { TestProject } from 'vitest/node';
import { startFakeEasyPost } from './easypost-server';
import { startFakeShopify } from './shopify-server';

/** Local stand-ins for the carriers and channels, on 127.0.0.1, shared by every test file. */
export default async function setup(project: TestProject) {
  const [easypost, shopify] = await Promise.all([startFakeEasyPost(), startFakeShopify()]);
  project.provide('easypostUrl', easypost.url);
  project.provide('shopifyUrl', shopify.url);
  return async () => {
    await Promise.all([easypost.close(), shopify.close()]);
  };
}
