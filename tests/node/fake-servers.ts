import type { TestProject } from 'vitest/node';
import { startAmazonServer } from './amazon-server';
import { startBigCommerceServer } from './bigcommerce-server';
import { startFakeEasyPost } from './easypost-server';
import { startEbayServer } from './ebay-server';
import { startEdiPartnerServer } from './edi-partner-server';
import { startEtsyServer } from './etsy-server';
import { startPushEndpoint } from './push-endpoint';
import { startFakeShopify } from './shopify-server';
import { startWalmartServer } from './walmart-server';
import { startWebhookReceiver } from './webhook-receiver';
import { startWooCommerceServer } from './woocommerce-server';

/** Local stand-ins for the carriers and channels, on 127.0.0.1, shared by every test file. */
export default async function setup(project: TestProject) {
  const [easypost, shopify, ebay, etsy, woocommerce, bigcommerce, walmart] = await Promise.all([
    startFakeEasyPost(),
    startFakeShopify(),
    startEbayServer(),
    startEtsyServer(),
    startWooCommerceServer(),
    startBigCommerceServer(),
    startWalmartServer(),
  ]);
  project.provide('easypostUrl', easypost.url);
  project.provide('shopifyUrl', shopify.url);
  project.provide('ebayUrl', ebay.url);
  project.provide('etsyUrl', etsy.url);
  project.provide('woocommerceUrl', woocommerce.url);
  project.provide('bigcommerceUrl', bigcommerce.url);
  project.provide('walmartUrl', walmart.url);
  const webhookReceiver = await startWebhookReceiver();
  project.provide('webhookReceiverUrl', webhookReceiver.url);
  const amazon = await startAmazonServer();
  project.provide('amazonUrl', amazon.url);
  const ediPartner = await startEdiPartnerServer();
  project.provide('ediPartnerUrl', ediPartner.url);
  const pushEndpoint = await startPushEndpoint();
  project.provide('pushEndpointUrl', pushEndpoint.url);
  return async () => {
    await webhookReceiver.close();
    await pushEndpoint.close();
    await ediPartner.close();
    await amazon.close();
    await Promise.all(
      [easypost, shopify, ebay, etsy, woocommerce, bigcommerce, walmart].map((s) => s.close()),
    );
  };
}
