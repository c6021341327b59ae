import { pollAmazonOrders } from './amazon-orders';
import { pushAmazonStock } from './amazon-stock';
import { pushAmazonTracking } from './amazon-tracking';
import type { ChannelAdapter } from './types';

/**
 * Amazon SP-API: orders are polled (its notifications arrive through SQS or EventBridge, not HTTP), stock goes
 * out per listing with patchListingsItem, tracking with confirmShipment.
 */
export const amazonAdapter: ChannelAdapter = {
  pollOrders: pollAmazonOrders,
  pushStock: pushAmazonStock,
  pushTracking: pushAmazonTracking,
};
