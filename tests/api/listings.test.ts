import { describe, expect, it } from 'vitest';
import { call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

describe('linking an unmatched channel SKU', () => {
  it('saves the alias, releases every held order for it, and maps later orders by itself', async () => {
    const owner = await signedIn('owner');
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const channel = `ebay-${uid()}`;
    const theirs = `EBAY-${uid()}`;
    const held = [];
    for (let i = 0; i < 2; i++) {
      const res = await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([{ sku: theirs, quantity: 2 }], { channel }),
      });
      expect(res.body.status).toBe('on_hold');
      held.push(res.body.id);
    }
    const link = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: theirs, sku },
    });
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ released_orders: 2, units_allocated: 4 });
    for (const id of held) {
      const order = (await call('GET', `/api/v1/orders/${id}`, { as: owner })).body;
      expect(order).toMatchObject({ status: 'allocated', lines: [{ sku, matched: true, backordered: 0 }] });
      expect(order.timeline.map((t: { type: string }) => t.type)).toContain('sku_linked');
    }
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 4 });
    const open = await call('GET', '/api/v1/exceptions?kind=unmatched_sku', { as: owner });
    expect(open.body.data.filter((e: { sku: string }) => e.sku === theirs)).toEqual([]);
    const later = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku: theirs, quantity: 1 }], { channel }),
    });
    expect(later.body).toMatchObject({ status: 'allocated', lines: [{ sku, matched: true }] });
    const audit = await call('GET', `/api/v1/audit?entity=listing&entity_id=${channel}:${theirs}`, {
      as: owner,
    });
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(['listing.link']);
    const listed = await call('GET', `/api/v1/listings?channel=${channel}`, { as: owner });
    expect(listed.body.data).toEqual([{ channel, channel_sku: theirs, sku }]);
  });

  it('refuses a link to a SKU we do not have', async () => {
    const owner = await signedIn('owner');
    const res = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel: 'x', channel_sku: 'y', sku: 'NOPE-1' },
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'unknown_sku']);
  });
});
