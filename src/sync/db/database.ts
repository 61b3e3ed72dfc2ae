// The database port: the only module that talks to better-sqlite3. It opens a file with the
// settings money records need (WAL, synchronous=FULL, busy_timeout, foreign keys), caches
// prepared statements, nests transactions as savepoints and turns driver errors into the
// ledger's typed errors, so the rest of src/sync never sees a SqliteError.
import { performance } from 'node:perf_hooks';
import Driver from 'better-sqlite3';
import { LedgerRuleError, LedgerUnavailableError, type LedgerUnavailableReason } from '../errors';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export interface SqlDatabase {
  readonly path: string;
  readonly readonly: boolean;
  readonly isOpen: boolean;
  /** Outermost transactions committed through this connection (each one an fsync'd commit). */
  readonly commits: number;
  /** Milliseconds spent in those COMMITs (the fsyncs, mostly): the sale bench sets them apart. */
  readonly commitMs: number;
  run(sql: string, params?: SqlParams): RunResult;
  get<T>(sql: string, params?: SqlParams): T | undefined;
  all<T>(sql: string, params?: SqlParams): T[];
  exec(sql: string): void;
  /** BEGIN IMMEDIATE (so a writer never fails half-way on a lock upgrade); nested calls are savepoints. */
  transaction<T>(fn: () => T): T;
  /**
   * Reads in one consistent snapshot (a deferred transaction): what other connections commit
   * meanwhile is not seen, and, in WAL mode, not held up either. For reading: anything written
   * inside is undone. Inside a transaction, just runs.
   */
  snapshot<T>(fn: () => T): T;
  /** Runs `hook` once the outermost transaction has committed (or now, outside one). */
  afterCommit(hook: () => void): void;
  /** A pragma's single value, e.g. pragma('user_version'). */
  pragma(sql: string): unknown;
  /**
   * SQLite's online backup of this database into a new file at `toPath`, a range of pages per
   * turn of the event loop: writers are never held up. The copy is left a single file
   * (journal_mode=DELETE), so it can be read where it lies, even from a read-only share.
   */
  backup(toPath: string): Promise<void>;
  close(): void;
}

export interface OpenDatabaseOptions {
  readonly?: boolean;
  /** How long to wait for another connection's lock before giving up (ms). */
  busyTimeoutMs?: number;
  /** Deterministic scalar SQL functions to register (used by CHECK constraints). */
  functions?: Readonly<Record<string, (value: unknown) => unknown>>;
}

const NEW_FILE_PAGE_SIZE = 1024;
const BACKUP_PAGES_PER_STEP = 4096;
const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;

const AVAILABILITY: ReadonlyArray<[RegExp, LedgerUnavailableReason]> = [
  [/^SQLITE_(CORRUPT|NOTADB)/, 'corrupt'],
  [/^SQLITE_(BUSY|LOCKED)/, 'locked'],
  [/^SQLITE_(READONLY|PERM)/, 'readonly'],
  [/^SQLITE_CANTOPEN/, 'unopenable'],
  [/^SQLITE_FULL/, 'disk_full'],
  [/^SQLITE_IOERR/, 'io'],
];

/** Maps a driver error to LedgerUnavailableError / LedgerRuleError; anything else is returned as is. */
export function translateError(err: unknown, path: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    if (err instanceof TypeError && /directory does not exist/.test(err.message)) {
      return new LedgerUnavailableError('unopenable', path);
    }
    return err;
  }
  for (const [pattern, reason] of AVAILABILITY) if (pattern.test(code)) return new LedgerUnavailableError(reason, path, code);
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    const message = (err as Error).message;
    if (/pan_free/.test(message)) return new LedgerRuleError('pan_rejected', 'A card number was about to be stored; it was refused.');
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new LedgerRuleError('duplicate', `Already recorded (${message.replace(/^UNIQUE constraint failed: /, 'unique ')}).`);
    }
    return new LedgerRuleError('constraint', `Ledger rule broken: ${message}`);
  }
  return err;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqlDatabase {
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let driver: Driver;
  try {
    driver = new Driver(path, { readonly, timeout: busyTimeoutMs });
  } catch (err) {
    throw translateError(err, path);
  }
  try {
    for (const [name, fn] of Object.entries(options.functions ?? {})) {
      driver.function(name, { deterministic: true }, fn);
    }
    driver.pragma(`busy_timeout = ${busyTimeoutMs}`);
    driver.pragma('foreign_keys = ON');
    if (!readonly) {
      // Only a new, empty file takes this (an existing ledger keeps its page size; changing it
      // would need a VACUUM). Every commit appends each page it touched to the WAL and fsyncs
      // it: a recorded sale touches ~8 pages (4 rows + their indexes), so 1 KiB pages write a
      // quarter of the bytes of the 4 KiB default per commit, for the same durability.
      driver.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
      const mode = driver.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new LedgerUnavailableError('io', path, `journal_mode=${String(mode)}`);
      // FULL: a commit is on disk before we tell the cashier it is recorded, even on power loss.
      driver.pragma('synchronous = FULL');
      // The default checkpoints every 1000 pages; counted in bytes instead (~4 MB, as the default
      // is with 4 KiB pages), so small pages do not mean four times as many checkpoints.
      const pageSize = Number(driver.pragma('page_size', { simple: true }));
      driver.pragma(`wal_autocheckpoint = ${Math.max(1000, Math.round(WAL_CHECKPOINT_BYTES / pageSize))}`);
    } else {
      // Reading forces the header to be parsed, so a garbage file fails here, not later.
      driver.pragma('schema_version', { simple: true });
    }
  } catch (err) {
    try {
      driver.close();
    } catch {
      /* already broken */
    }
    throw translateError(err, path);
  }
  return new PortDatabase(driver, path, readonly);
}

class PortDatabase implements SqlDatabase {
  private readonly statements = new Map<string, ReturnType<Driver['prepare']>>();
  private depth = 0;
  commits = 0;
  commitMs = 0;
  private hooks: Array<() => void> = [];

  constructor(
    private readonly driver: Driver,
    readonly path: string,
    readonly readonly: boolean,
  ) {}

  get isOpen(): boolean {
    return this.driver.open;
  }

  private guard<T>(fn: () => T): T {
    if (!this.driver.open) throw new LedgerUnavailableError('closed', this.path);
    try {
      return fn();
    } catch (err) {
      throw translateError(err, this.path);
    }
  }

  private statement(sql: string) {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.driver.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string, params?: SqlParams): RunResult {
    return this.guard(() => {
      const r = bind(this.statement(sql), 'run', params) as { changes: number; lastInsertRowid: number | bigint };
      return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
    });
  }

  get<T>(sql: string, params?: SqlParams): T | undefined {
    return this.guard(() => bind(this.statement(sql), 'get', params) as T | undefined);
  }

  all<T>(sql: string, params?: SqlParams): T[] {
    return this.guard(() => bind(this.statement(sql), 'all', params) as T[]);
  }

  exec(sql: string): void {
    this.guard(() => this.driver.exec(sql));
  }

  pragma(sql: string): unknown {
    return this.guard(() => this.driver.pragma(sql, { simple: true }));
  }

  afterCommit(hook: () => void): void {
    if (this.depth === 0) hook();
    else this.hooks.push(hook);
  }

  transaction<T>(fn: () => T): T {
    const level = this.depth;
    const outer = level === 0;
    const savepoint = `sp${level}`;
    this.guard(() => this.statement(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`).run());
    this.depth = level + 1;
    let result: T;
    try {
      result = fn();
      const t0 = outer ? performance.now() : 0;
      this.guard(() => this.statement(outer ? 'COMMIT' : `RELEASE ${savepoint}`).run());
      if (outer) {
        this.commits++;
        this.commitMs += performance.now() - t0;
      }
      this.depth = level;
    } catch (err) {
      this.depth = level;
      this.undo(outer, savepoint);
      // Hooks only announce committed work (e.g. wake the sync worker); a nested rollback
      // leaves its hooks queued, which at worst wakes the worker for nothing.
      if (outer) this.hooks = [];
      throw translateError(err, this.path);
    }
    if (outer) this.runHooks();
    return result;
  }

  snapshot<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.guard(() => this.statement('BEGIN DEFERRED').run());
    this.depth = 1;
    try {
      return fn();
    } finally {
      this.depth = 0;
      // A read-only transaction: ending it commits nothing. ROLLBACK also ends one a write began.
      if (this.driver.open && this.driver.inTransaction) this.guard(() => this.driver.exec('ROLLBACK'));
      this.hooks = [];
    }
  }

  private undo(outer: boolean, savepoint: string): void {
    if (!this.driver.open || !this.driver.inTransaction) return; // SQLite already rolled back
    try {
      this.driver.exec(outer ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
    } catch {
      /* the original error matters more */
    }
  }

  private runHooks(): void {
    const hooks = this.hooks;
    this.hooks = [];
    for (const hook of hooks) hook();
  }

  async backup(toPath: string): Promise<void> {
    if (!this.driver.open) throw new LedgerUnavailableError('closed', this.path);
    // A commit by another connection between two steps restarts the copy from the first page.
    // When that happens twice (a till selling fast), the rest goes in one step: one read
    // snapshot, which in WAL mode does not hold a writer up either.
    let remaining = Infinity;
    let restarts = 0;
    const progress = ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }) => {
      if (remainingPages >= remaining) restarts++;
      remaining = remainingPages;
      return restarts >= 2 ? totalPages : BACKUP_PAGES_PER_STEP;
    };
    // better-sqlite3's backup() (not in the package's hand-written types above).
    const driver = this.driver as unknown as { backup(to: string, options: { progress: typeof progress }): Promise<unknown> };
    try {
      await driver.backup(toPath, { progress });
      const copy = new Driver(toPath, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    } catch (err) {
      throw translateError(err, toPath);
    }
  }

  close(): void {
    if (this.driver.open) this.driver.close();
    this.statements.clear();
  }
}

function bind(stmt: ReturnType<Driver['prepare']>, method: 'run' | 'get' | 'all', params?: SqlParams): unknown {
  if (params === undefined) return stmt[method]();
  if (Array.isArray(params)) return stmt[method](...params);
  return stmt[method](params);
}
