import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { database } from '../../db/client';
import { captureOrder } from '../../worker/services/capture-order';
import { call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

describe('a capture that fails after reserving', () => {
  it('releases every hold and leaves no order, so a retry captures it cleanly', async () => {
    let reservedMeanwhile = 0;
    const owner = await signedIn('owner');
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 3 }]);
    const db = database(env);
    const failing = new Proxy(db, {
      get: (target, prop, receiver) =>
        prop === 'batch'
          ? async (statements: Parameters<typeof db.batch>[0]) => {
              // the order's own write (lines, allocations, status...) is the batch of five or more
              if (statements.length >= 5) {
                reservedMeanwhile = (await env.INVENTORY.getByName(sku).levels())[0]!.reserved;
                throw new Error('D1 went away');
              }
              return db.batch(statements);
            }
          : Reflect.get(target, prop, receiver),
    });
    await expect(captureOrder(env, failing, body, 'test')).rejects.toThrow('D1 went away');
    expect(reservedMeanwhile).toBe(3);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 0, available: 5 });
    const listed = await call('GET', `/api/v1/orders?q=${body.external_id}`, { as: owner });
    expect(listed.body.data).toEqual([]);
    const retry = await call('POST', '/api/v1/orders', { as: owner, body });
    expect(retry.status).toBe(201);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 3 });
  });
});
