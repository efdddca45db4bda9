/**
 * Sending one encrypted ballot until an answer comes (spec/server-api.md §5.5): when the
 * connection fails, the page sends the SAME submission again, byte for byte — never a new
 * encryption. The server takes a submission it already holds as the same ballot and answers
 * with the same receipt (§5.3, idempotent), so a ballot whose first sending was committed
 * before the connection broke is counted once. A fresh encryption after such a loss would
 * extend the credential's chain a second time: a second cast (a revote) instead of a retry.
 * @module
 */

/** Whether a failure is worth sending again: the network, or a gateway between (502–504). */
export type Retryable = (error: unknown) => boolean;

/** How {@link sendSameBallot} goes about it. */
export interface RetryPlan {
  /** the waits before each new attempt, in milliseconds (their number is the retries) */
  readonly delays: readonly number[];
  readonly retryable: Retryable;
  /** told before each new attempt: its number (2, 3, …) and the total */
  readonly onRetry?: (attempt: number, total: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `send` (which posts one fixed submission) until it answers, at most
 * `plan.delays.length + 1` times, waiting between attempts.
 * @returns the first answer
 * @throws the last error when every attempt failed, or the first error that is not retryable
 */
export async function sendSameBallot<T>(send: () => Promise<T>, plan: RetryPlan): Promise<T> {
  const total = plan.delays.length + 1;
  const sleep = plan.sleep ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (attempt >= total || !plan.retryable(e)) throw e;
      plan.onRetry?.(attempt + 1, total);
      await sleep(plan.delays[attempt - 1]!);
    }
  }
}
