/**
 * Where two JSON values differ, as paths a reader can look up ('checks[3].target: "564" in
 * the PDF, "565" in the file'), so a tamper report names the figure that was changed.
 */
export function jsonDifferences(a: unknown, b: unknown, limit = 5): string[] {
  const found: string[] = [];
  walk(a, b, '', found, limit);
  return found;
}

function walk(a: unknown, b: unknown, path: string, found: string[], limit: number): void {
  if (found.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      walk(a[i], b[i], `${path}[${i}]`, found, limit);
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      walk(a[key], b[key], path === '' ? key : `${path}.${key}`, found, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    found.push(`${path || '(root)'}: ${show(a)} → ${show(b)}`);
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
