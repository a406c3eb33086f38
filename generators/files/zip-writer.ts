import { once } from 'node:events';
import { drained } from './drained.ts';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { crc32, createDeflateRaw } from 'node:zlib';

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * A streaming ZIP writer: entries are deflated as they are written and go straight to the
 * file, so a sheet of millions of rows never sits in memory (exceljs's WorkbookWriter hands
 * the whole archive to JSZip at the end). Timestamps are fixed by the caller, so the same
 * content gives the same bytes. ZIP32: each entry and the archive stay under 4 GiB.
 */
export class ZipWriter {
  private readonly out: WriteStream;
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;
  private failure: Error | undefined;

  constructor(path: string, when: Date) {
    // DOS dates start in 1980.
    const timestamp = when.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : when;
    this.out = createWriteStream(path);
    // Remembered and rethrown by the next write: an unwatched stream error would crash the process.
    this.out.on('error', (error) => (this.failure ??= error));
    this.dosTime =
      (timestamp.getUTCHours() << 11) |
      (timestamp.getUTCMinutes() << 5) |
      Math.floor(timestamp.getUTCSeconds() / 2);
    this.dosDate =
      ((timestamp.getUTCFullYear() - 1980) << 9) |
      ((timestamp.getUTCMonth() + 1) << 5) |
      timestamp.getUTCDate();
  }

  /** Opens an entry; write its text, then `close()` it before opening the next one. */
  async open(name: string): Promise<ZipEntryWriter> {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    const offset = this.offset;
    await this.write(Buffer.concat([header, nameBytes]));
    return new ZipEntryWriter(this, nameBytes, offset);
  }

  async add(name: string, text: string): Promise<void> {
    const entry = await this.open(name);
    await entry.write(text);
    await entry.close();
  }

  /** Writes bytes to the archive, waiting when the file stream is full. */
  async write(bytes: Buffer): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await drained(this.out);
  }

  record(entry: CentralEntry): void {
    this.entries.push(entry);
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'close');
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stops writing after a failure; the caller removes the partial file. */
  destroy(): void {
    this.out.destroy();
  }
}

/** One entry being written: text in, deflated bytes out to the archive as they come. */
export class ZipEntryWriter {
  private readonly deflate = createDeflateRaw({ level: 1 });
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private pending: Promise<void> = Promise.resolve();
  private chunks: string[] = [];
  private buffered = 0;

  constructor(
    private readonly zip: ZipWriter,
    private readonly name: Buffer,
    private readonly offset: number,
  ) {
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      // Keep the archive's byte order: each chunk is written after the previous one.
      this.pending = this.pending.then(() => this.zip.write(chunk));
    });
  }

  /** Buffers text and deflates it in blocks of about 256 KB. */
  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.buffered += text.length;
    if (this.buffered >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const bytes = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.buffered = 0;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
    await this.pending;
  }

  async close(): Promise<void> {
    await this.flush();
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    await this.pending;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(this.crc >>> 0, 4);
    descriptor.writeUInt32LE(this.compressed, 8);
    descriptor.writeUInt32LE(this.size, 12);
    await this.zip.write(descriptor);
    this.zip.record({
      name: this.name,
      crc: this.crc >>> 0,
      compressed: this.compressed,
      size: this.size,
      offset: this.offset,
    });
  }
}
