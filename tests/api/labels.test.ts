import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, packedShipment, receive } from '../helpers/factories';

let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const easypost = inject('easypostUrl');

/** A carrier account on the local EasyPost whose key picks its behaviour (see tests/node/easypost-server.ts). */
async function account(behaviour: 'ok' | 'timeout-after-buy' | 'address-invalid' | 'down') {
  const api_key = `EZ-${behaviour}-${uid()}`;
  const res = await call('POST', '/api/v1/carrier-accounts', {
    as: owner,
    body: {
      provider: 'easypost',
      name: behaviour,
      config: { api_key, api_base_url: easypost, timeout_ms: 1000 },
    },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, api_key };
}

const buysAt = async (key: string) =>
  ((await (await fetch(`${easypost}/__buys?key=${key}`)).json()) as { count: number }).count;
const buy = (shipment: string, body: object) =>
  call('POST', `/api/v1/shipments/${shipment}/label`, { as: owner, body });

describe('carrier labels', () => {
  it('buys the cheapest rate, keeps the PDF, and lets the shipment ship', async () => {
    const acct = await account('ok');
    const { shipment } = await packedShipment(owner);
    const res = await buy(shipment, { carrier_account: acct.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'label_purchased',
      carrier: 'USPS',
      service: 'GroundAdvantage',
      tracking_code: expect.stringMatching(/^9434600208303109842228/),
      label_url: `/api/v1/shipments/${shipment}/labels/1`,
    });
    const file = await call('GET', `/api/v1/shipments/${shipment}/labels/1`, { as: owner });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(String(file.body)).toContain('%PDF-1.4');
    const row = await env.DB.prepare('SELECT label_cost FROM shipments WHERE id = ?')
      .bind(shipment)
      .first<{ label_cost: number }>();
    expect(row!.label_cost).toBe(820);
    expect((await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner })).body.status).toBe(
      'shipped',
    );
  });

  it('voids a label before shipping, deletes its file, and lets a new one be bought', async () => {
    const acct = await account('ok');
    const { shipment } = await packedShipment(owner);
    const first = await buy(shipment, { carrier_account: acct.id });
    const voided = await call('POST', `/api/v1/shipments/${shipment}/label/void`, { as: owner });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'packed', tracking_code: null, label_url: null });
    expect((await call('GET', `/api/v1/shipments/${shipment}/labels/1`, { as: owner })).status).toBe(404);
    const second = await buy(shipment, { carrier_account: acct.id });
    expect(second.body.status).toBe('label_purchased');
    expect(second.body.tracking_code).not.toBe(first.body.tracking_code);
    expect(await buysAt(acct.api_key)).toBe(2);
    await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
    const late = await call('POST', `/api/v1/shipments/${shipment}/label/void`, { as: owner });
    expect([late.status, late.body.error.code]).toEqual([409, 'invalid_transition']);
  });

  it('buys the cheapest rate that meets the delivery promise', async () => {
    const acct = await account('ok');
    const { shipment } = await packedShipment(owner);
    const res = await buy(shipment, { carrier_account: acct.id, promise_days: 2 });
    expect(res.body).toMatchObject({ service: 'Priority' });
  });

  it('ends with exactly one label when the carrier sells it but the answer times out', async () => {
    const acct = await account('timeout-after-buy');
    const { shipment } = await packedShipment(owner);
    const res = await buy(shipment, { carrier_account: acct.id });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('label_purchased');
    expect(await buysAt(acct.api_key)).toBe(1);
    const again = await buy(shipment, { carrier_account: acct.id });
    expect(again.body.tracking_code).toBe(res.body.tracking_code);
    expect(await buysAt(acct.api_key)).toBe(1);
  });

  it("turns a refused address into an exception with the carrier's words and the actions", async () => {
    const acct = await account('address-invalid');
    const { shipment, order } = await packedShipment(owner);
    const res = await buy(shipment, { carrier_account: acct.id });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'label_failed',
      message: expect.stringContaining('Unable to verify address'),
      details: { code: 'address_invalid', actions: expect.arrayContaining(['retry']) },
    });
    const inbox = await call('GET', '/api/v1/exceptions?kind=label_failure', { as: owner });
    expect(inbox.body.data.some((e: { order_id: string }) => e.order_id === order.id)).toBe(true);
    expect((await call('GET', `/api/v1/shipments/${shipment}`, { as: owner })).body.status).toBe('packed');
  });

  it('gives up on a carrier that is down without buying anything', async () => {
    const acct = await account('down');
    const { shipment } = await packedShipment(owner);
    const res = await buy(shipment, { carrier_account: acct.id });
    expect(res.status).toBe(422);
    expect(res.body.error.details.code).toBe('carrier_unavailable');
    expect(await buysAt(acct.api_key)).toBe(0);
  });

  it('answers for a shipped shipment with the shipment, buying nothing more', async () => {
    const acct = await account('ok');
    const { shipment } = await packedShipment(owner);
    await buy(shipment, { carrier_account: acct.id });
    await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
    const again = await buy(shipment, { carrier_account: acct.id });
    expect(again.body.status).toBe('shipped');
    expect(await buysAt(acct.api_key)).toBe(1);
  });

  it('refuses to label a shipment that is not packed', async () => {
    const acct = await account('ok');
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 1);
    const order = (
      await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 1 }]) })
    ).body;
    const [shipment] = (await call('GET', `/api/v1/shipments?order_id=${order.id}`, { as: owner })).body.data;
    const res = await buy(shipment.id, { carrier_account: acct.id });
    expect([res.status, res.body.error.code]).toEqual([409, 'invalid_transition']);
    expect(await buysAt(acct.api_key)).toBe(0);
  });
});
