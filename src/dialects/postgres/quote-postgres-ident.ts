/** `schema.table` -> "schema"."table"; double quotes inside a name are doubled. */
export function quotePostgresIdent(name: string): string {
  return name
    .split('.')
    .map((part) => '"' + part.replace(/"/g, '""') + '"')
    .join('.');
}
