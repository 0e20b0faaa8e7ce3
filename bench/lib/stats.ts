/** Small numeric helpers shared by the benches. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100), the usual definition for latency reports. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** BENCH_QUICK=1: a smoke run of about a minute; figures are indicative only. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** One line of the final table. `met` is null where there is no target (informational rows). */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  reference?: number | undefined;
  referenceLabel?: string | undefined;
  ratio?: number | undefined;
  target?: string | undefined;
  met: boolean | null;
  /** Per-run raw values, kept in the JSON so a reader can judge the spread. */
  runs?: number[] | undefined;
  referenceRuns?: number[] | undefined;
  note?: string | undefined;
}
