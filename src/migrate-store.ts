/**
 * `npm run migrate-store -- --from sqlite://data/securebase.sqlite --to postgres://user@host/db`
 * Copies every record into an empty PostgreSQL store and checks the counts; the SQLite file is only read.
 * Stop the bot first, so nothing is written to the SQLite store during the copy.
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createLogger } from './logger.js';
import { MigrationError, migrateStore } from './store/migrate.js';
import { WrongKeyError } from './store/index.js';

const USAGE = 'usage: npm run migrate-store -- --from sqlite://path/to/securebase.sqlite --to postgres://user@host:5432/database';

let args: { from?: string | undefined; to?: string | undefined };
try {
  args = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!args.from?.startsWith('sqlite://') || !/^postgres(ql)?:\/\//.test(args.to ?? '')) {
  console.error(USAGE);
  process.exit(2);
}

const logger = createLogger({ level: 'warn', secrets: [] });
try {
  let reported = 0;
  const result = await migrateStore({
    from: args.from,
    to: args.to!,
    encryptionKey: process.env.DATA_ENCRYPTION_KEY || undefined,
    logger,
    onProgress: (copied, total) => {
      if (copied - reported >= 10_000 || copied >= total - 1) {
        reported = copied;
        console.log(`copied ${copied} of ${total} records`);
      }
    },
  });
  for (const [namespace, count] of Object.entries(result.source).sort())
    console.log(`  ${namespace}: ${count} in SQLite, ${result.target[namespace] ?? 0} in PostgreSQL`);
  console.log(`Done: ${result.copied} records copied in ${(result.ms / 1000).toFixed(1)} s and the counts match. The SQLite file was not changed.`);
  console.log('Next: set STORE_URL to the PostgreSQL URL (and keep the same DATA_ENCRYPTION_KEY) and start the bot.');
} catch (error) {
  if (error instanceof MigrationError || error instanceof WrongKeyError) {
    console.error(`migrate-store: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
