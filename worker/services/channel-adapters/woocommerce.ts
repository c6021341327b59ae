import type { ChannelAdapter } from './types';
import { pushWooStock } from './woocommerce-stock';
import { readWooStock } from './woocommerce-stock-levels';
import { pushWooTracking } from './woocommerce-tracking';
import { processWooInbox, receiveWooWebhook } from './woocommerce-webhook';

/** WooCommerce: signed order webhooks in, stock by the batch endpoints and tracking as an order note out. */
export const wooCommerceAdapter: ChannelAdapter = {
  receiveWebhook: receiveWooWebhook,
  processInbox: processWooInbox,
  pushStock: pushWooStock,
  readStock: readWooStock,
  pushTracking: pushWooTracking,
};
