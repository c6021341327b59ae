// Passkeys: added by a signed-in person on Settings, used on the sign-in screen instead of a password.
import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { type Answer, call, client, segment } from './api.ts';

export type Passkey = Answer<Awaited<ReturnType<(typeof client)['passkeys']['$get']>>>['data'][number];

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** The browser's refusal in words a person can act on (a cancelled prompt is not an error worth detail). */
function explain(e: unknown): never {
  if (e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    throw new Error('This phone already has a passkey for you.');
  }
  if (e instanceof Error && e.name === 'NotAllowedError')
    throw new Error('The passkey prompt was cancelled.');
  throw e;
}

export const listPasskeys = () => call(() => client.passkeys.$get());
export const removePasskey = (id: string) =>
  call(() => client.passkeys[':id'].$delete({ param: { id: segment(id) } }));

/** Creates a passkey on this device for the signed-in person and stores it on the server. */
export async function addPasskey(name: string): Promise<Passkey> {
  const { challenge_id, options } = await call(() => client.passkeys['registration-options'].$post());
  const response = await startRegistration({
    optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
  }).catch(explain);
  return call(() => client.passkeys.$post({ json: { challenge_id, response, name } }));
}

/** Signs in with a passkey the phone offers for this site; the server sets the session cookie. */
export async function signInWithPasskey() {
  const { challenge_id, options } = await call(() => client.passkeys['sign-in-options'].$post(), {
    signingIn: true,
  });
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
  }).catch(explain);
  return call(() => client.passkeys['sign-in'].$post({ json: { challenge_id, response } }), {
    signingIn: true,
  });
}
