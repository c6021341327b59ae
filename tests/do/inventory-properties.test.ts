import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uid } from '../helpers/api';

const LOCATIONS = ['A', 'B', 'C'];
const who = { actor: 'prop' };

const step = fc.oneof(
  fc.record({
    op: fc.constant('receive' as const),
    loc: fc.constantFrom(...LOCATIONS),
    n: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({
    op: fc.constant('adjust' as const),
    loc: fc.constantFrom(...LOCATIONS),
    n: fc.integer({ min: -6, max: 6 }),
  }),
  fc.record({
    op: fc.constant('count' as const),
    loc: fc.constantFrom(...LOCATIONS),
    n: fc.integer({ min: 0, max: 8 }),
  }),
  fc.record({
    op: fc.constant('reserve' as const),
    n: fc.integer({ min: 1, max: 8 }),
    key: fc.integer({ min: 0, max: 12 }),
  }),
  fc.record({ op: fc.constantFrom('confirm' as const, 'release' as const, 'ship' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('short' as const), pick: fc.nat(), n: fc.integer({ min: 1, max: 3 }) }),
);

describe('InventoryDO invariants under random operation sequences', () => {
  it('keeps on_hand >= reserved >= 0, reserved = live holds, and the ledger sum = on hand', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const stub = env.INVENTORY.getByName(`PROP-${uid()}`);
        for (const s of steps) {
          const ids = (await stub.holds()).map((h) => h.id);
          const chosen = ids.length ? ids[('pick' in s ? s.pick : 0) % ids.length]! : 'none';
          if (s.op === 'receive') await stub.receive(s.loc, s.n, who);
          else if (s.op === 'adjust' && s.n !== 0) await stub.adjust(s.loc, s.n, who);
          else if (s.op === 'count') await stub.count(s.loc, s.n, who);
          else if (s.op === 'reserve') {
            await stub.reserve({
              orderId: 'o',
              lines: [{ key: `k${s.key}`, quantity: s.n, plan: [], fallback: LOCATIONS }],
              ttlMs: 60_000,
              context: who,
            });
          } else if (s.op === 'confirm') await stub.confirm([chosen]);
          else if (s.op === 'release') await stub.release([chosen], who);
          else if (s.op === 'ship') await stub.ship(chosen, who);
          else if (s.op === 'short') await stub.shortHold(chosen, s.n, `op-${s.pick}`, who);
        }
        const levels = await stub.levels();
        const holds = await stub.holds();
        const ledger = await stub.movements(500);
        for (const l of levels) {
          expect(l.reserved).toBeGreaterThanOrEqual(0);
          expect(l.on_hand).toBeGreaterThanOrEqual(l.reserved);
          const live = holds.filter(
            (h) => h.location === l.location && (h.status === 'pending' || h.status === 'confirmed'),
          );
          expect(live.reduce((sum, h) => sum + h.quantity, 0)).toBe(l.reserved);
          const mine = ledger.filter((m) => m.location === l.location);
          expect(mine.reduce((sum, m) => sum + m.on_hand_delta, 0)).toBe(l.on_hand);
          expect(mine.reduce((sum, m) => sum + m.reserved_delta, 0)).toBe(l.reserved);
        }
      }),
      { numRuns: 60 },
    );
  });
});
