import { secretsEqual } from '../../domain/secrets';

/** True when `Authorization: Bearer <token>` carries the partner's inbound token (compared in constant time). */
export async function hasPartnerToken(authorization: string | undefined, token: string): Promise<boolean> {
  const sent = authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : '';
  const equal = await secretsEqual(sent, token);
  return sent !== '' && equal;
}
