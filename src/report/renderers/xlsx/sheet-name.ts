/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(kind: string): string {
  const name = `Check ${kind}`.replace(/[:\\/?*[\]]/g, '-');
  return name.slice(0, 31);
}

/** The sheet holding every failing record the evidence keeps. */
export const MISMATCHES_SHEET = 'Mismatches';
