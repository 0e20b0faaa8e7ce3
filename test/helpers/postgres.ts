import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the PostgreSQL tests look; CI and the dev machines run one here (trust auth). */
export const PG_BASE_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; when CI sets PG_REQUIRED=1 an absent server is an error, not a skip. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      if (process.env.PG_REQUIRED === '1') throw new Error(`PG_REQUIRED=1 but PostgreSQL at ${PG_BASE_URL} is not reachable: ${String(error)}`);
      console.warn(
        `PostgreSQL tests skipped: nothing answers at ${PG_BASE_URL}. Start PostgreSQL (e.g. pg_ctlcluster 15 main start) or set TEST_POSTGRES_URL.`,
      );
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** A schema of its own for one test (created by the store on first open); `drop` removes it. */
export function testSchema(label: string): {
  url: string;
  schema: string;
  drop(): Promise<void>;
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
} {
  const schema = `t_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = `${PG_BASE_URL}${PG_BASE_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const query = async <R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]> => {
    const client = new pg.Client({ connectionString: PG_BASE_URL });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  return { url, schema, query, drop: async () => void (await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}
