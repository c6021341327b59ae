import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { database } from '../../db/client';
import { idempotencyKeys, orders } from '../../db/schema';
import worker from '../../worker/index';
import { call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

describe('the cron that resumes captures', () => {
  it('finishes an order whose capture died after claiming it, exactly once', async () => {
    const owner = await signedIn('owner');
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 2 }]);
    const id = `ord_${uid().toUpperCase().padEnd(26, '0')}`;
    // what a Worker leaves behind when it dies right after the claim: a pending order holding the request
    await database(env)
      .insert(orders)
      .values({
        id,
        channel: body.channel,
        externalId: body.external_id,
        status: 'pending',
        currency: 'USD',
        request: body,
        createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
    const retry = await call('POST', '/api/v1/orders', { as: owner, body });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(id);

    const orphan = orderBody([{ sku, quantity: 1 }]);
    const orphanId = `ord_${uid().toUpperCase().padEnd(26, '1')}`;
    await database(env)
      .insert(orders)
      .values({
        id: orphanId,
        channel: orphan.channel,
        externalId: orphan.external_id,
        status: 'pending',
        currency: 'USD',
        request: orphan,
        createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    }
    const resumed = await call('GET', `/api/v1/orders/${orphanId}`, { as: owner });
    expect(resumed.body).toMatchObject({
      status: 'allocated',
      lines: [{ allocations: [{ location: loc.code, quantity: 1 }] }],
    });
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 3 });
  });

  it('forgets idempotency keys older than a day', async () => {
    const db = database(env);
    await db.insert(idempotencyKeys).values([
      {
        scope: 's',
        key: `old-${uid()}`,
        requestHash: 'h',
        state: 'done',
        createdAt: new Date(Date.now() - 25 * 3600_000).toISOString(),
      },
      {
        scope: 's',
        key: `new-${uid()}`,
        requestHash: 'h',
        state: 'done',
        createdAt: new Date().toISOString(),
      },
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await env.DB.prepare(`SELECT key FROM idempotency_keys WHERE scope = 's'`).all<{
      key: string;
    }>();
    expect(left.results.map((r) => r.key.split('-')[0])).toEqual(['new']);
  });
});
