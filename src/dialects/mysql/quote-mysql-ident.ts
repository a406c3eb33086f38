/** `schema.table` -> `schema`.`table`; backticks inside a name are doubled. */
export function quoteMysqlIdent(name: string): string {
  return name
    .split('.')
    .map((part) => '`' + part.replace(/`/g, '``') + '`')
    .join('.');
}
