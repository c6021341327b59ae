import type { locations } from '../../../db/schema';
import type { EdiError, Party } from '../../domain/edi';
import { findProductId } from '../../domain/edi';
import { CreateOrderBody, type CreateOrderInput } from '../../schemas/orders';
import type { Partner } from './partner';
import type { OrderSet } from './read-groups';

type LocationRow = typeof locations.$inferSelect;

export type OrderInputResult = { ok: true; input: CreateOrderInput } | { ok: false; errors: EdiError[] };

/**
 * The canonical order for an 850: channel = the partner, external id = the PO number, each line named by
 * the partner's item qualifier preference (the capture path maps it: our SKU, a listing's channel SKU, or a
 * barcode), ship-to from the N1*ST address or its N104 code. Refuses what the order API would refuse, as
 * segment faults for the 997.
 */
export function orderInputFor(
  { po, set }: OrderSet,
  partner: Partner,
  locationsByCode: Map<string, LocationRow>,
): OrderInputResult {
  const candidate = {
    channel: partner.row.code,
    external_id: po.poNumber,
    currency: po.currency,
    ...(po.poDate ? { placed_at: `${po.poDate}T00:00:00Z` } : {}),
    customer: { name: (po.buyer ?? po.billTo ?? po.shipTo)?.name || partner.row.name },
    lines: po.lines.map((line) => ({
      sku:
        findProductId(line.productIds, ...partner.config.item_qualifiers) ??
        line.productIds[0]?.id ??
        `PO1:${line.lineNumber}`,
      quantity: line.quantity,
      unit_price: line.unitPrice ?? 0,
      ...(line.description ? { name: line.description } : {}),
    })),
    ship_to: shipToOf(po.shipTo, partner, locationsByCode),
  };
  const parsed = CreateOrderBody.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  const po1Positions = set.segments.flatMap((s, i) => (s.id === 'PO1' ? [i + 1] : []));
  return {
    ok: false,
    errors: parsed.error.issues.map((issue): EdiError => {
      const [field, index, name] = issue.path;
      const onLine = field === 'lines' && typeof index === 'number' && po1Positions[index] !== undefined;
      const element = name === 'quantity' ? 2 : name === 'unit_price' ? 4 : 7;
      return {
        level: 'segment',
        code: 'invalid_code',
        transactionSetId: set.id,
        controlNumber: set.controlNumber,
        segmentId: onLine ? 'PO1' : 'BEG',
        position: onLine ? po1Positions[index]! : 2,
        element: onLine ? { position: element } : { position: 3, value: po.poNumber },
        message: `${issue.path.join('.')}: ${issue.message}`,
      };
    }),
  };
}

function shipToOf(party: Party | null, partner: Partner, locationsByCode: Map<string, LocationRow>) {
  const mapped = party?.code ? partner.config.ship_to_codes[party.code] : undefined;
  const name = party?.name || undefined;
  if (party?.address) {
    const { lines, city, region, postalCode, country } = party.address;
    return compact({
      name,
      line1: lines[0],
      line2: lines[1],
      city,
      region,
      postal_code: postalCode,
      country: country.length === 2 ? country : undefined,
    });
  }
  if (mapped && 'address' in mapped) return compact({ name, ...mapped.address });
  const location = mapped && 'location' in mapped ? locationsByCode.get(mapped.location) : undefined;
  if (location) {
    const address = location.address as Record<string, string | undefined>;
    return compact({ name: name ?? location.name, ...address, lat: location.lat, lng: location.lng });
  }
  return compact({ name });
}

const compact = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
