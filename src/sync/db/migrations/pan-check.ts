// The CHECK that keeps card numbers out of a text column. A PAN needs at least 13 characters,
// so shorter values are settled in SQL; longer ones go to the JavaScript guard, pan_free().
export function panFree(column: string): string {
  return `(${column} IS NULL OR length(${column}) < 13 OR pan_free(${column}))`;
}
