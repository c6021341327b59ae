import { pollEbayOrders, processEbayInbox } from './ebay-orders';
import { pollEbayReturns } from './ebay-returns';
import { pushEbayStock } from './ebay-stock';
import { readEbayStock } from './ebay-stock-levels';
import { pushEbayTracking } from './ebay-tracking';
import { receiveEbayWebhook } from './ebay-webhook';
import type { ChannelAdapter } from './types';

/**
 * eBay Sell APIs: orders polled (getOrders) and fetched on signed notifications, stock in bulk
 * (bulkUpdatePriceQuantity), tracking as a shipping fulfillment.
 */
export const ebayAdapter: ChannelAdapter = {
  receiveWebhook: receiveEbayWebhook,
  processInbox: processEbayInbox,
  pollOrders: pollEbayOrders,
  pollReturns: pollEbayReturns,
  pushStock: pushEbayStock,
  readStock: readEbayStock,
  pushTracking: pushEbayTracking,
};
