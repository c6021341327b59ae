import type { CHANNEL_TYPES } from '../../schemas/channels';
import { pushShopifyStock } from '../push-shopify-stock';
import { amazonAdapter } from './amazon';
import { bigCommerceAdapter } from './bigcommerce';
import { ebayAdapter } from './ebay';
import { etsyAdapter } from './etsy';
import { readShopifyStock } from './shopify-stock-levels';
import type { ChannelAdapter } from './types';
import { walmartAdapter } from './walmart';
import { wooCommerceAdapter } from './woocommerce';

export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Each channel type's wiring. A type absent here only captures orders sent to the orders API. */
export const CHANNEL_ADAPTERS: Partial<Record<ChannelType, ChannelAdapter>> = {
  shopify: { pushStock: pushShopifyStock, readStock: readShopifyStock },
  amazon: amazonAdapter,
  ebay: ebayAdapter,
  walmart: walmartAdapter,
  woocommerce: wooCommerceAdapter,
  bigcommerce: bigCommerceAdapter,
  etsy: etsyAdapter,
};

export const adapterOf = (type: string): ChannelAdapter | undefined => CHANNEL_ADAPTERS[type as ChannelType];
