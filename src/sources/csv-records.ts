import { createReadStream } from 'node:fs';
import { CutoverError } from '../core/errors.ts';
import { sourceError } from '../core/source.ts';

/** One physical CSV record: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records from a file, streamed: quoted fields may hold the delimiter, doubled
 * quotes and line breaks; CRLF or LF ends a record; a leading UTF-8 BOM is dropped. Malformed
 * quoting is an error naming the line, never a silently shifted column. The stream decodes
 * UTF-8 with a StringDecoder, so a character split across chunks stays whole.
 */
export async function* csvRecords(
  path: string,
  name: string,
  delimiter = ',',
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(name, delimiter);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      yield* parser.push(chunk);
    }
  } catch (error) {
    if (error instanceof CutoverError) throw error;
    throw sourceError(name, `cannot read the file (${(error as Error).message})`, undefined, error);
  } finally {
    stream.destroy();
  }
  yield* parser.end();
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private first = true;
  private pendingCr = false;

  constructor(
    private readonly name: string,
    private readonly delimiter: string,
  ) {}

  *push(chunk: string): Generator<CsvRecord> {
    let text = chunk;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue; // CRLF: the CR already ended the record
      }
      const record = this.step(c);
      if (record !== undefined) yield record;
    }
  }

  *end(): Generator<CsvRecord> {
    if (this.state === State.Quoted) {
      throw sourceError(this.name, 'a quoted field is never closed', this.recordLine);
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) yield this.finishRecord();
  }

  private step(c: string): CsvRecord | undefined {
    switch (this.state) {
      case State.Quoted:
        if (c === '"') this.state = State.QuoteInQuoted;
        else {
          if (c === '\n') this.line++;
          this.field += c;
        }
        return undefined;
      case State.QuoteInQuoted:
        if (c === '"') {
          this.field += '"';
          this.state = State.Quoted;
          return undefined;
        }
        if (c === this.delimiter || c === '\r' || c === '\n') return this.separator(c);
        throw sourceError(this.name, `text after a closing quote: '${c}'`, this.line);
      case State.FieldStart:
        if (c === '"') {
          this.state = State.Quoted;
          return undefined;
        }
        if (c === this.delimiter || c === '\r' || c === '\n') return this.separator(c);
        this.field += c;
        this.state = State.Unquoted;
        return undefined;
      case State.Unquoted:
        if (c === this.delimiter || c === '\r' || c === '\n') return this.separator(c);
        if (c === '"') {
          throw sourceError(this.name, 'a quote inside an unquoted field', this.line);
        }
        this.field += c;
        return undefined;
    }
  }

  private separator(c: string): CsvRecord | undefined {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (c === this.delimiter) return undefined;
    if (c === '\r') this.pendingCr = true;
    const record: CsvRecord = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.line++;
    this.recordLine = this.line;
    return record;
  }

  private finishRecord(): CsvRecord {
    this.fields.push(this.field);
    const record: CsvRecord = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
    return record;
  }
}
