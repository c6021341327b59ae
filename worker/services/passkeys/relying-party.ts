/** Who the passkeys are for: the site the request reached (its host is the RP ID, its origin the expected one). */
export function relyingParty(requestUrl: string) {
  const url = new URL(requestUrl);
  return { rpName: 'Switchyard', rpID: url.hostname, origin: url.origin };
}
