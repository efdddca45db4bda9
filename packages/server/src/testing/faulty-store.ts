/**
 * A store with the faults of a database restart, injected by a test (spec/server-api.md §6.6): a
 * commit refused (rolled back), a commit made durable whose acknowledgement is lost, and every
 * read outside a batch failing while the database is "down" — each time the store's
 * StoreUnavailableError, as a PostgreSQL store throws it for a lost connection.
 * @module
 */
import { StoreUnavailableError, type Store, type WriteBatch } from '../store/store.js';

/** The faults a {@link faultyStore} injects, changed by the test as it goes. */
export interface StoreFaults {
  /**
   * `refused`: the batch is rolled back; `unacknowledged`: it is committed, then the answer is
   * lost. Either way the database goes down at that moment: `readsDown` is set.
   */
  commit: 'ok' | 'refused' | 'unacknowledged';
  /** every read outside a batch fails (the writer's reload after a failed commit, the routes' reads) */
  readsDown: boolean;
}

const down = (): StoreUnavailableError => new StoreUnavailableError('the database is down (injected)');

/**
 * `inner` with the faults of {@link StoreFaults} (none at first); `close` and `onCommit` are
 * never faulty.
 */
export function faultyStore(inner: Store): { store: Store; faults: StoreFaults } {
  const faults: StoreFaults = { commit: 'ok', readsDown: false };
  const writeBatch = async <T>(prepare: (reads: Store) => Promise<WriteBatch<T>>): Promise<T> => {
    if (faults.commit === 'refused')
      return inner.writeBatch(async (reads) => {
        await prepare(reads);
        faults.readsDown = true;
        throw down(); // COMMIT failed: rolled back
      });
    const value = await inner.writeBatch(prepare);
    if (faults.commit === 'unacknowledged') {
      faults.readsDown = true;
      throw down(); // durable, but the answer was lost
    }
    return value;
  };
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'writeBatch') return writeBatch;
      if (prop === 'commit')
        return (ms: Parameters<Store['commit']>[0]) =>
          writeBatch(() => Promise.resolve({ mutations: ms, value: undefined }));
      const v: unknown = Reflect.get(target, prop);
      if (typeof v !== 'function' || prop === 'close' || prop === 'onCommit') return v;
      return (...args: unknown[]): unknown =>
        faults.readsDown ? Promise.reject(down()) : (v as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, faults };
}
