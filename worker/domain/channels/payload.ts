/** Helpers the normalizers share: schema parsing, money and timestamps that fail with the field's name. */
import type { z } from 'zod';
import { MoneyFormatError, toMinorUnits } from '../money';
import { ChannelPayloadError } from './types';

/** Parses or throws ChannelPayloadError naming the first bad field as a dotted path ("line_items.0.price"). */
export function parsePayload<S extends z.ZodType>(
  channel: string,
  schema: S,
  payload: unknown,
  prefix?: string,
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.') || '(root)';
  throw new ChannelPayloadError(channel, field, issue?.message ?? 'is invalid');
}

/** Integer minor units, or ChannelPayloadError naming the field. */
export function minorUnits(channel: string, field: string, amount: string, currency: string): number {
  try {
    return toMinorUnits(amount, currency, field);
  } catch (err) {
    if (err instanceof MoneyFormatError) throw new ChannelPayloadError(channel, field, err.message);
    throw err;
  }
}

/** Channels stamp times with assorted offsets; UTC makes "is this update newer" a string comparison. */
export function utcIso(channel: string, field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ChannelPayloadError(channel, field, `${JSON.stringify(value)} is not a timestamp`);
  return new Date(ms).toISOString();
}

/** Channels send "" and null for absent strings; the canonical order leaves them out. */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Drops undefined properties so golden comparisons and JSON output match field for field. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Sums minor units, treating a missing list as zero. */
export const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);
