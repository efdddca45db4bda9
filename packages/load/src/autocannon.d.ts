/** The small part of autocannon's API that `load-cli.ts` uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    overallRate?: number;
    requests?: { method?: string; path?: string; body?: string; headers?: Record<string, string> }[];
  }
  interface Result {
    duration: number;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    latency: { p50: number; p99: number; average: number; max: number };
    requests: { average: number; total: number };
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
