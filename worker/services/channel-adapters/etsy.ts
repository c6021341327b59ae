import { pollEtsyReceipts } from './etsy-poll';
import { pushEtsyStock } from './etsy-stock';
import { readEtsyStock } from './etsy-stock-levels';
import { pushEtsyTracking } from './etsy-tracking';
import type { ChannelAdapter } from './types';

/** Etsy: receipts polled by the cron (Etsy has no order webhooks), listing inventory and tracking out. */
export const etsyAdapter: ChannelAdapter = {
  pollOrders: pollEtsyReceipts,
  pushStock: pushEtsyStock,
  readStock: readEtsyStock,
  pushTracking: pushEtsyTracking,
};
