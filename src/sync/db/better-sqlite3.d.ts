// The few parts of better-sqlite3 13 that the database port uses (the package ships no types).
declare module 'better-sqlite3' {
  interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }
  interface Statement {
    run(...params: unknown[]): RunResult;
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    readonly reader: boolean;
  }
  interface Options {
    readonly?: boolean;
    fileMustExist?: boolean;
    timeout?: number;
  }
  interface FunctionOptions {
    deterministic?: boolean;
    varargs?: boolean;
  }
  class Database {
    constructor(filename: string, options?: Options);
    readonly open: boolean;
    readonly inTransaction: boolean;
    readonly readonly: boolean;
    readonly name: string;
    prepare(sql: string): Statement;
    exec(sql: string): this;
    pragma(sql: string, options?: { simple?: boolean }): unknown;
    function(name: string, options: FunctionOptions, fn: (...args: unknown[]) => unknown): this;
    close(): this;
  }
  export default Database;
  export class SqliteError extends Error {
    code: string;
  }
}
