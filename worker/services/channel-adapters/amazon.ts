import { pollAmazonOrders } from './amazon-orders';
import { pollAmazonReturns } from './amazon-returns';
import { pushAmazonStock } from './amazon-stock';
import { readAmazonStock } from './amazon-stock-levels';
import { pushAmazonTracking } from './amazon-tracking';
import type { ChannelAdapter } from './types';

/**
 * Amazon SP-API: orders are polled (its notifications arrive through SQS or EventBridge, not HTTP), stock goes
 * out with patchListingsItem, or one JSON_LISTINGS_FEED for many listings, tracking with confirmShipment.
 */
export const amazonAdapter: ChannelAdapter = {
  pollOrders: pollAmazonOrders,
  pollReturns: pollAmazonReturns,
  pushStock: pushAmazonStock,
  readStock: readAmazonStock,
  pushTracking: pushAmazonTracking,
};
