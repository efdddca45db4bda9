/**
 * Caps and back-pressure for Server-Sent Events (spec/server-api.md §10): at most `streamsMax`
 * open streams in all and `streamsPerAddress` from one client address; a stream whose unsent
 * bytes pass `streamBuffer` (a client that stopped reading) is dropped, so that no viewer can
 * make the server hold an unbounded queue of frames. Counted for `GET /metrics`.
 * @module
 */
import { ApiError } from '../errors.js';
import type { ServerLimits } from './limits.js';

/** What a stream is to the gate: Node's `ServerResponse` after `writeHead`. */
export interface StreamSink {
  /** Bytes written but not yet handed to the kernel (the response's and its socket's). */
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: string): boolean;
  destroy(): void;
}

/** Counters of the gate. */
export interface StreamStats {
  /** Streams open now. */
  open: number;
  /** Streams refused over a cap, since start. */
  refused: number;
  /** Streams dropped for not reading, since start. */
  dropped: number;
}

/** The gate. */
export interface StreamGate {
  /**
   * Admits a stream from `address`.
   * @returns its release (call once when the stream closes; later calls do nothing)
   * @throws {ApiError} 503 EVD_ERR_STREAMS_FULL over the global cap, 429 EVD_ERR_TOO_MANY_STREAMS
   *   over the address's cap
   */
  admit(address: string): () => void;
  /**
   * Writes `frame` to `sink`, or drops the stream (destroys it) when its unsent bytes are over
   * the bound already.
   * @returns false when the stream is (now) gone
   */
  write(sink: StreamSink, frame: string): boolean;
  readonly stats: Readonly<StreamStats>;
}

/** A gate with the stream limits of `limits`. */
export function streamGate(
  limits: Pick<ServerLimits, 'streamsMax' | 'streamsPerAddress' | 'streamBuffer'>,
): StreamGate {
  const stats: StreamStats = { open: 0, refused: 0, dropped: 0 };
  const perAddress = new Map<string, number>();
  return {
    stats,
    admit(address) {
      if (stats.open >= limits.streamsMax) {
        stats.refused++;
        throw new ApiError(
          'EVD_ERR_STREAMS_FULL',
          `the server has ${limits.streamsMax} open streams; retry later`,
        );
      }
      const mine = perAddress.get(address) ?? 0;
      if (mine >= limits.streamsPerAddress) {
        stats.refused++;
        throw new ApiError(
          'EVD_ERR_TOO_MANY_STREAMS',
          `at most ${limits.streamsPerAddress} open streams per client address`,
        );
      }
      perAddress.set(address, mine + 1);
      stats.open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        stats.open--;
        const n = (perAddress.get(address) ?? 1) - 1;
        if (n > 0) perAddress.set(address, n);
        else perAddress.delete(address);
      };
    },
    write(sink, frame) {
      if (sink.destroyed) return false;
      if (sink.writableLength > limits.streamBuffer) {
        stats.dropped++;
        sink.destroy();
        return false;
      }
      sink.write(frame);
      return true;
    },
  };
}
