import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../worker/domain/sealed-box';

const KEY = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const OTHER = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

describe('sealed credentials', () => {
  it('round-trips a value and never shows it in clear', async () => {
    const sealed = await seal({ access_token: 'shpat_secret' }, KEY, 'chn_1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('shpat_secret');
    expect(await unseal(sealed, KEY, 'chn_1')).toEqual({ access_token: 'shpat_secret' });
  });

  it('refuses the wrong key, another owner, and a tampered value', async () => {
    const sealed = await seal({ a: 1 }, KEY, 'chn_1');
    await expect(unseal(sealed, OTHER, 'chn_1')).rejects.toThrow();
    await expect(unseal(sealed, KEY, 'chn_2')).rejects.toThrow();
    const tampered = `${sealed.slice(0, -4)}AAA=`;
    await expect(unseal(tampered, KEY, 'chn_1')).rejects.toThrow();
  });

  it('uses a fresh IV each time', async () => {
    expect(await seal({ a: 1 }, KEY, 'x')).not.toBe(await seal({ a: 1 }, KEY, 'x'));
  });
});
