/**
 * Large public answers serialised once (spec/server-api.md §6.5, §10): an answer that only
 * changes when the board does (a mix file, a decryption request, a challenge file) is kept as
 * JSON text under a key with a stamp of what it was built from; a read with the same stamp gets
 * the text, concurrent reads of a stale one share one build. At most `keep` answers are kept,
 * the least recently read going first. Without it, anyone could make the server re-read and
 * re-encode a file of hundreds of megabytes per request.
 * @module
 */

/** The cache. */
export interface AnswerCache {
  /**
   * The JSON text of the answer under `key` built from `stamp`: kept, or built by `build` (a
   * build that throws is not kept, and its error is every waiting reader's).
   */
  text(key: string, stamp: string, build: () => Promise<unknown>): Promise<string>;
}

/**
 * A cache of at most `keep` answers.
 * @throws {RangeError} if `keep` < 1
 */
export function answerCache(keep: number): AnswerCache {
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`keep must be a positive integer, got ${keep}`);
  const kept = new Map<string, { stamp: string; text: string }>();
  const pending = new Map<string, Promise<string>>();
  return {
    async text(key, stamp, build) {
      const hit = kept.get(key);
      if (hit?.stamp === stamp) {
        kept.delete(key);
        kept.set(key, hit); // most recently read last
        return hit.text;
      }
      const building = `${key}\n${stamp}`;
      let p = pending.get(building);
      if (!p) {
        p = build()
          .then((answer) => {
            const text = JSON.stringify(answer);
            kept.delete(key);
            kept.set(key, { stamp, text });
            while (kept.size > keep) kept.delete(kept.keys().next().value!);
            return text;
          })
          .finally(() => pending.delete(building));
        pending.set(building, p);
      }
      return p;
    },
  };
}
