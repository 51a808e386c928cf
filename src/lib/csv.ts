/**
 * One CSV cell, RFC 4180 quoting. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading `'` (OWASP "CSV injection"): filenames, metadata and error messages come from whoever wrote them.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
