import { describe, expect, it } from 'vitest';
import { sendSameBallot, type RetryPlan } from './same-ballot-retry.js';

const lost = () => new TypeError('Failed to fetch');
const plan = (log: string[]): RetryPlan => ({
  delays: [10, 20, 30],
  retryable: (e) => e instanceof TypeError,
  onRetry: (n, total) => log.push(`retry ${n}/${total}`),
  sleep: async (ms) => void log.push(`wait ${ms}`),
});

describe('sendSameBallot', () => {
  it('sends the same submission again after a lost connection and returns the first answer', async () => {
    const log: string[] = [];
    const sent: object[] = [];
    const submission = { ballot: { code: 'AB' } };
    let n = 0;
    const r = await sendSameBallot(async () => {
      sent.push(submission);
      if (++n < 3) throw lost();
      return 'receipt';
    }, plan(log));
    expect(r).toBe('receipt');
    expect(sent).toHaveLength(3);
    expect(sent.every((s) => s === submission)).toBe(true);
    expect(log).toEqual(['retry 2/4', 'wait 10', 'retry 3/4', 'wait 20']);
  });

  it('gives up after the last delay with the last error', async () => {
    const log: string[] = [];
    let n = 0;
    const e = await sendSameBallot(async () => {
      n++;
      throw lost();
    }, plan(log)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(n).toBe(4);
    expect(log.filter((l) => l.startsWith('wait'))).toEqual(['wait 10', 'wait 20', 'wait 30']);
  });

  it('does not send again after a refusal (an answer is not a lost connection)', async () => {
    let n = 0;
    const refusal = new Error('EVD_ERR_CANCELLED');
    await expect(
      sendSameBallot(async () => {
        n++;
        throw refusal;
      }, plan([])),
    ).rejects.toBe(refusal);
    expect(n).toBe(1);
  });
});
