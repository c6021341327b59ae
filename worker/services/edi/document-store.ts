import type { ediDocuments } from '../../../db/schema';

export type EdiDocumentRow = typeof ediDocuments.$inferSelect;

/** Where a document's raw X12 lives in the EDI_DOCUMENTS bucket. */
export const r2KeyOf = (channel: string, direction: 'in' | 'out', id: string) =>
  `edi/${channel}/${direction}/${id}.edi`;

export async function storeRaw(env: Env, key: string, text: string) {
  await env.EDI_DOCUMENTS.put(key, text, { httpMetadata: { contentType: 'application/edi-x12' } });
}

/** The stored X12 text, or null when the object is gone. */
export async function readRaw(env: Env, key: string): Promise<string | null> {
  const object = await env.EDI_DOCUMENTS.get(key);
  return object ? object.text() : null;
}
