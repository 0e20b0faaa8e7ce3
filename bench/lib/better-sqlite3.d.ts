// The few better-sqlite3 calls the store bench makes (the package ships no types and @types is not a
// dependency of this project).
declare module 'better-sqlite3' {
  interface Statement {
    get(...params: unknown[]): unknown;
    run(...params: unknown[]): { changes: number };
  }
  interface Database {
    prepare(sql: string): Statement;
    pragma(sql: string): unknown;
    exec(sql: string): void;
    transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
    close(): void;
  }
  const Database: new (file: string) => Database;
  export default Database;
}
