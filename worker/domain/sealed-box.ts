/** AES-256-GCM sealing of channel credentials at rest; the key is a Worker secret, never in D1. */

const enc = new TextEncoder();
const dec = new TextDecoder();

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

async function importKey(secretB64: string) {
  const raw = unb64(secretB64);
  if (raw.length !== 32) throw new Error('CREDENTIALS_KEY must be 32 bytes, base64');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** `v1.<iv>.<ciphertext>`; the additional data binds the sealed value to its owner (e.g. the channel id). */
export async function seal(value: unknown, secretB64: string, owner: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await importKey(secretB64);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(owner) },
    key,
    enc.encode(JSON.stringify(value)),
  );
  return `v1.${b64(iv)}.${b64(new Uint8Array(data))}`;
}

export async function unseal<T>(sealed: string, secretB64: string, owner: string): Promise<T> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('not a sealed value');
  const key = await importKey(secretB64);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64(iv), additionalData: enc.encode(owner) },
    key,
    unb64(data),
  );
  return JSON.parse(dec.decode(plain)) as T;
}
