import { describe, expect, it } from 'vitest';
import { call } from '../helpers/api';

describe('system routes', () => {
  it('answers the health check', async () => {
    const res = await call('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI 3.1 document whose every operation names its permission', async () => {
    const res = await call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const ops = Object.values(
      res.body.paths as Record<string, Record<string, { 'x-permission'?: string }>>,
    ).flatMap((p) => Object.values(p));
    expect(ops.length).toBeGreaterThan(15);
    for (const op of ops) expect(op['x-permission']).toMatch(/^(public|signed-in|[a-z]+:[a-z]+)$/);
  });

  it('serves a docs page that works offline', async () => {
    const res = await call('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('/api/v1/orders');
    expect(res.body).not.toMatch(/https?:\/\/cdn/);
  });

  it('answers an unknown API route with the error envelope', async () => {
    const res = await call('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such API route' } });
  });
});
