import type { ChannelAdapter } from './types';
import { pollWalmartOrders } from './walmart-orders';
import { pushWalmartStock } from './walmart-stock';
import { readWalmartStock } from './walmart-stock-levels';
import { pushWalmartTracking } from './walmart-tracking';

/**
 * Walmart Marketplace: orders polled by cursor and acknowledged, stock one SKU per call, tracking as a
 * shipping update of the purchase order's lines.
 */
export const walmartAdapter: ChannelAdapter = {
  pollOrders: pollWalmartOrders,
  pushStock: pushWalmartStock,
  readStock: readWalmartStock,
  pushTracking: pushWalmartTracking,
};
