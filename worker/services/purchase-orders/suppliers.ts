import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { locations, skus } from '../../../db/schema';
import { type DropshipSupplier, supplierProfileOf } from '../../domain/purchase-orders/dropship';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import type { LocationRow } from '../../repo/catalog';
import type { SupplierInput } from '../../schemas/purchase-orders';
import { forgetLocations, routingLocations } from '../location-cache';

/** Where a supplier's PO emails go: its profile's email, else its address's, else null. */
export function supplierEmail(l: LocationRow): string | null {
  const address = l.address as { email?: string } | null;
  return supplierProfileOf(l.address)?.email ?? address?.email ?? null;
}

/** The supplier location (kind `dropship`), or 422 `unknown_supplier`. */
export async function findSupplier(db: Database, code: string): Promise<LocationRow> {
  const row = await db.query.locations.findFirst({ where: eq(locations.code, code) });
  if (row?.kind !== 'dropship')
    throw new ApiError(422, 'unknown_supplier', `${code} is not a supplier (a location of kind dropship)`, {
      supplier: code,
    });
  return row;
}

/** Active dropship suppliers with an email and a SKU list: the ones capture may send lines to. */
export async function dropshipSuppliers(db: Database): Promise<(DropshipSupplier & { email: string })[]> {
  return (await routingLocations(db)).flatMap((l) => {
    const profile = l.kind === 'dropship' ? supplierProfileOf(l.address) : null;
    const email = supplierEmail(l);
    if (!profile || !email || profile.dropship_skus.length === 0) return [];
    return [
      { code: l.code, name: l.name, priority: l.priority, skus: new Set(profile.dropship_skus), email },
    ];
  });
}

/**
 * Stores which of our SKUs a dropship supplier ships for us, and where its POs go. The locations table has
 * no settings column, so the profile lives in the location's address JSON under `supplier`.
 */
export async function saveSupplier(db: Database, code: string, input: SupplierInput, actor: string) {
  const row = await findSupplier(db, code);
  const wanted = [...new Set(input.dropship_skus)];
  const known = wanted.length
    ? new Set(
        (await db.select({ sku: skus.sku }).from(skus).where(inArray(skus.sku, wanted))).map((r) => r.sku),
      )
    : new Set<string>();
  const unknown = wanted.filter((s) => !known.has(s));
  if (unknown.length) throw new ApiError(422, 'unknown_sku', 'Some SKUs do not exist', { skus: unknown });
  const profile = { ...(input.email ? { email: input.email } : {}), dropship_skus: wanted };
  const address = { ...(row.address as Record<string, unknown>), supplier: profile };
  if (!supplierEmail({ ...row, address }))
    throw new ApiError(422, 'supplier_email_missing', 'Give the supplier an email for its purchase orders');
  await db.batch([
    db.update(locations).set({ address }).where(eq(locations.code, code)),
    auditInsert(db, { actor, action: 'supplier.update', entity: 'location', entityId: code, data: profile }),
  ]);
  forgetLocations();
  return { code, name: row.name, ...profile, email: supplierEmail({ ...row, address })! };
}
