import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, signedIn } from '../helpers/api';

const shopify = {
  type: 'shopify',
  name: 'My Shopify',
  config: {
    shop_domain: 'demo-shop.myshopify.com',
    webhook_secret: 'whsec_abcdefgh',
    access_token: 'shpat_0123456789',
    api_version: '2026-07',
  },
};

describe('channels', () => {
  it('connects a Shopify store, seals its secrets, and never shows them again', async () => {
    const owner = await signedIn('owner');
    const res = await call('POST', '/api/v1/channels', { as: owner, body: shopify });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^chn_/),
      type: 'shopify',
      status: 'active',
      config: {
        shop_domain: 'demo-shop.myshopify.com',
        webhook_secret: '********',
        access_token: '********',
      },
      webhook_url: `https://switchyard.test/api/v1/webhooks/shopify/${res.body.id}`,
    });
    const row = await env.DB.prepare('SELECT config_sealed FROM channels WHERE code = ?')
      .bind(res.body.id)
      .first<{ config_sealed: string }>();
    expect(row!.config_sealed).not.toContain('shpat_0123456789');
    const listed = await call('GET', '/api/v1/channels', { as: owner });
    expect(JSON.stringify(listed.body)).not.toContain('shpat_');
  });

  it('refuses a config that does not fit the channel type, naming the field', async () => {
    const owner = await signedIn('owner');
    const res = await call('POST', '/api/v1/channels', {
      as: owner,
      body: { ...shopify, config: { shop_domain: 'not a domain' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(
      'config.shop_domain',
    );
  });

  it('still lists channels once a listing names a channel code nobody connected (a bare manual channel)', async () => {
    const owner = await signedIn('owner');
    const sku = `CH-${crypto.randomUUID().slice(0, 8)}`;
    await call('POST', '/api/v1/skus', { as: owner, body: { sku, name: 'Mug' } });
    const linked = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel: `pos-${crypto.randomUUID().slice(0, 6)}`, channel_sku: 'MUG', sku },
    });
    expect(linked.status).toBe(200);
    const listed = await call('GET', '/api/v1/channels', { as: owner });
    expect(listed.status).toBe(200);
    expect(listed.body.data.some((c: { type: string }) => c.type === 'manual')).toBe(true);
  });

  it('lets staff see channels but not connect one', async () => {
    const staff = await signedIn('staff');
    expect((await call('GET', '/api/v1/channels', { as: staff })).status).toBe(200);
    expect((await call('POST', '/api/v1/channels', { as: staff, body: shopify })).status).toBe(403);
  });
});
