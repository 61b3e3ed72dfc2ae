// Typed errors of the ledger. Messages are written for a cashier or store IT: they say what is
// wrong and what to do, and never carry SQL, card data or secrets.

export type LedgerUnavailableReason =
  | 'corrupt'
  | 'locked'
  | 'readonly'
  | 'unopenable'
  | 'disk_full'
  | 'io'
  | 'too_new'
  | 'closed';

const HUMAN: Record<LedgerUnavailableReason, string> = {
  corrupt: 'The ledger file is damaged or is not a ledger. Card payments are stopped; call store IT (do not delete the file).',
  locked: 'The ledger is locked by another program. Close other copies of the counter app or the counter command, then try again.',
  readonly: 'The ledger file or its folder is read-only, so nothing could be recorded. Card payments are stopped; call store IT.',
  unopenable: 'The ledger file cannot be opened (missing folder or no permission). Card payments are stopped; call store IT.',
  disk_full: 'The disk is full, so nothing could be recorded. Card payments are stopped until space is freed.',
  io: 'The disk reported an error while writing the ledger. Card payments are stopped; call store IT.',
  too_new: 'The ledger was written by a newer version of the counter app. Update this app before taking payments.',
  closed: 'The ledger is closed.',
};

/** The ledger cannot safely record money right now. Never swallow it: stop card payments. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
  constructor(
    readonly reason: LedgerUnavailableReason,
    readonly path: string,
    /** The SQLite error code, for logs. */
    readonly sqliteCode?: string,
  ) {
    super(HUMAN[reason]);
  }
}

/** A write broke a rule of the ledger (duplicate key, PAN in a text field, bad transition). */
export class LedgerRuleError extends Error {
  override readonly name = 'LedgerRuleError';
  constructor(
    /** busy: the terminal (or keyed amount) still has an open sale. */
    readonly code: 'duplicate' | 'pan_rejected' | 'invalid_transition' | 'not_found' | 'invalid_input' | 'constraint' | 'busy',
    message: string,
  ) {
    super(message);
  }
}
