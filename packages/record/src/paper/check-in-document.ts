/**
 * The identity document a poll worker checked at a check-in (spec/stations.md §4): its type and
 * the last 2–4 letters or digits of its number, never the whole number. The station records it
 * and sends it in this form; the server's check-ins route takes only this form.
 * @module
 */

/** Identity documents a poll worker can record. */
export const DOCUMENT_TYPES = [
  'id-card',
  'passport',
  'driving-licence',
  'residence-permit',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The last characters of a document's number, upper case. */
export const DOCUMENT_LAST_PATTERN = '^[0-9A-Z]{2,4}$';

/** The document as recorded and sent. */
export interface CheckInDocument {
  readonly type: DocumentType;
  readonly last: string;
}
