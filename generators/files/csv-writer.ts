import { once } from 'node:events';
import { drained } from './drained.ts';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { csvText } from './export-cell.ts';
import type { ExportRow } from './export-cell.ts';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Streams an export as CSV the way desktop accounting software writes it: UTF-8 with a
 * BOM (so Excel opens Bengali text correctly), CRLF, RFC 4180 quoting. Rows are batched
 * into ~64 KB writes and the writer waits for the file stream to drain.
 */
export class CsvWriter {
  private readonly out: WriteStream;
  private batch: string[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(path: string) {
    this.out = createWriteStream(path);
    // Remembered and rethrown by the next write: an unwatched stream error would crash the process.
    this.out.on('error', (error) => (this.failure ??= error));
    this.batch.push('\uFEFF');
  }

  async row(cells: ExportRow): Promise<void> {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      const text = csvText(cells[i]!);
      if (i > 0) line += ',';
      line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }
    this.batch.push(line, '\r\n');
    this.size += line.length + 2;
    if (this.size >= 64 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    this.size = 0;
    if (this.failure !== undefined) throw this.failure;
    if (!this.out.write(text, 'utf8')) await drained(this.out);
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'close');
    if (this.failure !== undefined) throw this.failure;
  }

  destroy(): void {
    this.out.destroy();
  }
}
