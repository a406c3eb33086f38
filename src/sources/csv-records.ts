import { createReadStream } from 'node:fs';
import { CutoverError } from '../core/errors.ts';
import { sourceError } from '../core/source.ts';
import type { FileRow } from './tabular-source.ts';

/**
 * One physical CSV record as a tabular source reads it: its fields (`cells`) and the line
 * it starts on (`row`, 1-based). A FileRow as it is made, so no layer renames it per record.
 */
export type CsvRecord = FileRow;

/**
 * RFC 4180 records from a file, streamed, as the parser finds them in each read (never an
 * empty batch): quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF
 * or LF ends a record; a leading UTF-8 BOM is dropped. Malformed quoting is an error naming
 * the line, never a silently shifted column. The stream decodes UTF-8 with a StringDecoder,
 * so a character split across chunks stays whole.
 */
export async function* csvRecords(
  path: string,
  name: string,
  delimiter = ',',
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(name, delimiter);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      // A chunk's records come as one array: a generator step per record cost more than
      // parsing it.
      const { records, failure } = parser.push(chunk);
      if (records.length > 0) yield records;
      // Malformed text fails where it is read, after the records before it.
      if (failure !== undefined) throw failure;
    }
  } catch (error) {
    if (error instanceof CutoverError) throw error;
    throw sourceError(name, `cannot read the file (${(error as Error).message})`, undefined, error);
  } finally {
    stream.destroy();
  }
  const last = parser.end();
  if (last !== undefined) yield [last];
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The RFC 4180 state machine, fed chunk by chunk. Inside a field it scans ahead to the next
 * character that matters and takes the run between as one slice: appending character by
 * character made parsing the exports cost more than evaluating their rules.
 */
export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private first = true;
  private pendingCr = false;
  private readonly delimiterCode: number;

  constructor(
    private readonly name: string,
    delimiter: string,
  ) {
    if (delimiter.length !== 1) throw new RangeError('a CSV delimiter is one character');
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(chunk: string): { records: CsvRecord[]; failure?: unknown } {
    const records: CsvRecord[] = [];
    try {
      this.parse(chunk, records);
    } catch (failure) {
      return { records, failure };
    }
    return { records };
  }

  private parse(chunk: string, records: CsvRecord[]): void {
    let text = chunk;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    const delimiter = this.delimiterCode;
    let i = 0;
    while (i < n) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (text.charCodeAt(i) === LF) {
          i++; // CRLF: the CR already ended the record
          continue;
        }
      }
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            i++;
            continue;
          }
          this.state = State.Unquoted;
          continue; // the same character, read as the start of an unquoted field
        case State.Unquoted: {
          let j = i;
          let d = c;
          while (j < n) {
            d = text.charCodeAt(j);
            if (d === delimiter || d === CR || d === LF || d === QUOTE) break;
            j++;
          }
          if (j > i) this.field += text.slice(i, j);
          if (j === n) return;
          if (d === QUOTE)
            throw sourceError(this.name, 'a quote inside an unquoted field', this.line);
          this.separator(d, records);
          i = j + 1;
          continue;
        }
        case State.Quoted: {
          const close = text.indexOf('"', i);
          const end = close < 0 ? n : close;
          if (end > i) {
            const run = text.slice(i, end);
            this.field += run;
            for (let k = run.indexOf('\n'); k >= 0; k = run.indexOf('\n', k + 1)) this.line++;
          }
          if (close < 0) return;
          this.state = State.QuoteInQuoted;
          i = close + 1;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
          } else if (c === delimiter || c === CR || c === LF) {
            this.separator(c, records);
          } else {
            throw sourceError(this.name, `text after a closing quote: '${text[i]}'`, this.line);
          }
          i++;
          continue;
      }
    }
  }

  end(): CsvRecord | undefined {
    if (this.state === State.Quoted) {
      throw sourceError(this.name, 'a quoted field is never closed', this.recordLine);
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) return this.finishRecord();
    return undefined;
  }

  private separator(c: number, records: CsvRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (c === this.delimiterCode) return;
    if (c === CR) this.pendingCr = true;
    records.push({ cells: this.fields, row: this.recordLine });
    this.fields = [];
    this.line++;
    this.recordLine = this.line;
  }

  private finishRecord(): CsvRecord {
    this.fields.push(this.field);
    const record: CsvRecord = { cells: this.fields, row: this.recordLine };
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
    return record;
  }
}
