import { pushBigCommerceStock } from './bigcommerce-stock';
import { readBigCommerceStock } from './bigcommerce-stock-levels';
import { pushBigCommerceTracking } from './bigcommerce-tracking';
import { processBigCommerceInbox, receiveBigCommerceWebhook } from './bigcommerce-webhook';
import type { ChannelAdapter } from './types';

/** BigCommerce: thin order events in (the order is fetched), absolute stock and shipments out. */
export const bigCommerceAdapter: ChannelAdapter = {
  receiveWebhook: receiveBigCommerceWebhook,
  processInbox: processBigCommerceInbox,
  pushStock: pushBigCommerceStock,
  readStock: readBigCommerceStock,
  pushTracking: pushBigCommerceTracking,
};
