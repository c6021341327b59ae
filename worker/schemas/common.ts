import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errorResponse = (description: string) => jsonResponse(ErrorSchema, description);

/** Codes and names: letters, digits and `-_.:/`, as channels and sellers write them. */
export const Code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'use letters, digits and . _ : / -');

export const Quantity = z.number().int().positive().max(1_000_000);
export const Money = z.number().int().min(0).max(1_000_000_000_00).describe('integer minor units (cents)');
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .describe('ISO 4217');

export const Address = z
  .object({
    name: z.string().max(200).optional(),
    line1: z.string().max(200).optional(),
    line2: z.string().max(200).optional(),
    city: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    postal_code: z.string().max(20).optional(),
    country: z.string().length(2).optional(),
    phone: z.string().max(40).optional(),
    email: z.string().email().max(200).optional(),
  })
  .openapi('Address');

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

export const Cursor = z.string().max(200).optional();
export const Limit = z.coerce.number().int().min(1).max(200).default(50);
