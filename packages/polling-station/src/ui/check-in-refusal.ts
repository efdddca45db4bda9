/**
 * Why a check-in was refused, in the poll worker's language: the page asks the same questions
 * `checkIn` asked (pollbook/check-in.ts), in the same order — the document, the poll book, the
 * roll, an earlier check-in — and words the first that fails. Undefined when none does (the
 * page then shows the refusal as `checkIn` wrote it).
 * @module
 */
import type { Translate } from '@evident/i18n';
import { StationError } from '../station-error.js';
import { DOCUMENT_TYPES, parseDocument, searchRoll, type CheckInInput } from '../pollbook/check-in.js';
import { pollBookClosing } from '../pollbook/close.js';
import type { StationDb } from '../store/station-db.js';
import type { StationKey } from './station-strings.js';

/** The refusal of `input` in words, or undefined. */
export function checkInRefusal(
  sdb: StationDb,
  input: Pick<CheckInInput, 'voterId' | 'documentType' | 'documentLast'>,
  t: Translate<StationKey>,
): string | undefined {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(input.documentType)) return t('errDocType');
  try {
    parseDocument(input.documentType, input.documentLast);
  } catch (e) {
    if (e instanceof StationError) return t('errDocLast');
    throw e;
  }
  if (pollBookClosing(sdb)) return t('errClosed');
  const voter = searchRoll(sdb.db, input.voterId).find((v) => v.voterId === input.voterId);
  if (!voter) return t('errNotOnRoll', { voter: input.voterId });
  if (voter.checkIn)
    return t('errAlready', {
      voter: `${voter.voterId} (${voter.name})`,
      at: new Date(voter.checkIn.at),
      by: voter.checkIn.by,
    });
  return undefined;
}
