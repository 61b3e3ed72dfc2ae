// Public surface of src/sync for the till, the Electron main process and the CLI.
export { openLedger, probeLedger, type Ledger, type LedgerHealth, type OpenLedgerOptions } from './ledger/ledger';
export type { JournalSaleInput, SaleOutcome, ForceResolveInput, CardDetails } from './ledger/sales';
export type { JournalRefundInput, RefundOutcome } from './ledger/refunds';
export type { JournalVoidInput, VoidOutcome } from './ledger/voids';
export type { JournalCreditInput, CreditOutcome } from './ledger/credits';
export { AUDIT_HEAD_DIGITS, type AuditHead, type AuditVerification } from './ledger/audit';
export { checkIntegrityOfFile, type IntegrityProblem, type IntegrityReport } from './ledger/integrity';
export { newId } from './ledger/keys';
export { containsPan } from './pan-guard';
export { LedgerUnavailableError, LedgerRuleError, type LedgerUnavailableReason } from './errors';
export { createSyncWorker, type SyncWorker, type SyncEvent, type SyncWorkerOptions } from './outbox/worker';
export type { OutboxWork } from './outbox/work';
export { createOdooClient, DEFAULT_API_KEY_NAME, type OdooClient, type OdooClientOptions } from './odoo/client';
export { createErpPort, type ErpPort } from './odoo/erp-port';
export { loadOdooConfig, OdooConfigError, type OdooConfig } from './odoo/config';
export { OdooError } from './odoo/errors';
export type { OpenInvoice, OpenSaleOrder, DueNow, LookupQuery } from './odoo/lookups';
