/** How every record is stored: the schema version it was written with, and the record. */
export interface Envelope {
  v: number;
  d: unknown;
}

/**
 * The record inside a stored envelope when a bulk scan may take it as it is (written at `version`, an
 * object), or undefined when it must be opened through the schema. One rule for the main thread's scan
 * (Repository.entries) and the worker threads' (scan-worker.ts).
 */
export function currentData(stored: unknown, version: number): object | undefined {
  const envelope = stored as Partial<Envelope> | null | undefined;
  return envelope?.v === version && envelope.d !== null && typeof envelope.d === 'object' ? envelope.d : undefined;
}
