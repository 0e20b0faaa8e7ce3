/**
 * A start-up input the operator must fix (a store that is not a database, a key file that is a
 * folder, a read-only data folder). src/index.ts prints the message as one plain line on stderr and
 * exits 2, with no stack trace: the message alone says what is wrong and where.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
