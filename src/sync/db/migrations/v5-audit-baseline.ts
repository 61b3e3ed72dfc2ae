// v5: where the audit log's coverage starts. Records written before v4 have no audit entries;
// the integrity check (src/sync/ledger/integrity.ts) must tell those apart from records added
// behind the ledger's back. Kept in meta: per table, the highest id that had no audit entry
// when this ran (0 on a ledger that had the log from its first record).
const UNAUDITED_MAX = (table: string, entity: string) =>
  `coalesce((SELECT max(id) FROM ${table} WHERE id NOT IN (SELECT entity_id FROM audit_log WHERE entity = '${entity}' AND entity_id IS NOT NULL)), 0)`;

export const v5AuditBaseline = {
  version: 5,
  name: 'audit baseline',
  sql: `
INSERT INTO meta (key, value) VALUES ('audit_baseline', json_object(
  'sale', ${UNAUDITED_MAX('sales', 'sale')},
  'refund', ${UNAUDITED_MAX('refunds', 'refund')},
  'void', ${UNAUDITED_MAX('voids', 'void')},
  'credit', ${UNAUDITED_MAX('credits', 'credit')}
));
`,
};
