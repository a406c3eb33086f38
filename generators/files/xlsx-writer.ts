import type { ExportCell, ExportRow } from './export-cell.ts';
import { ZipWriter } from './zip-writer.ts';
import type { ZipEntryWriter } from './zip-writer.ts';

const STYLE_AMOUNT = 1;
const STYLE_DATE = 2;
const STYLE_HEADER = 3;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A one-sheet XLSX written as a stream of XML into a streaming ZIP: memory stays flat for
 * any row count and the bytes are the same for the same rows (fixed timestamps, one zlib).
 * Strings are inline (no shared-string table to hold), amounts are number cells shown
 * '#,##0.00', dates are date serials shown 'dd/mm/yyyy'. Read back by exceljs in the tests.
 */
export class XlsxWriter {
  private readonly zip: ZipWriter;
  private sheet: ZipEntryWriter | undefined;
  private rowNumber = 0;

  private constructor(
    path: string,
    private readonly sheetName: string,
    timestamp: Date,
  ) {
    this.zip = new ZipWriter(path, timestamp);
  }

  static async create(path: string, sheetName: string, timestamp: Date): Promise<XlsxWriter> {
    const writer = new XlsxWriter(path, sheetName, timestamp);
    await writer.zip.add('[Content_Types].xml', CONTENT_TYPES);
    await writer.zip.add('_rels/.rels', ROOT_RELS);
    await writer.zip.add('xl/workbook.xml', workbookXml(sheetName));
    await writer.zip.add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    await writer.zip.add('xl/styles.xml', STYLES);
    writer.sheet = await writer.zip.open('xl/worksheets/sheet1.xml');
    await writer.sheet.write(SHEET_START);
    return writer;
  }

  /** A data row. `header: true` makes it bold (the export's column header row). */
  async row(cells: ExportRow, header = false): Promise<void> {
    const r = ++this.rowNumber;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      xml += cellXml(cells[i]!, `${columnName(i)}${r}`, header);
    }
    await this.sheet!.write(`${xml}</row>`);
  }

  async close(): Promise<void> {
    await this.sheet!.write('</sheetData></worksheet>');
    await this.sheet!.close();
    await this.zip.finish();
  }

  destroy(): void {
    this.zip.destroy();
  }

  get name(): string {
    return this.sheetName;
  }
}

function cellXml(cell: ExportCell, ref: string, header: boolean): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'string') {
    const style = header ? ` s="${STYLE_HEADER}"` : '';
    return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
  }
  if ('amount' in cell) return `<c r="${ref}" s="${STYLE_AMOUNT}"><v>${cell.amount}</v></c>`;
  if ('date' in cell) return `<c r="${ref}" s="${STYLE_DATE}"><v>${dateSerial(cell.date)}</v></c>`;
  return `<c r="${ref}"><v>${cell.number}</v></c>`;
}

function dateSerial(iso: string): number {
  const ms = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((ms - EXCEL_EPOCH) / 86_400_000);
}

export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

// XML 1.0 forbids C0 controls other than tab, LF and CR; legacy text may hold them.
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function escapeXml(text: string): string {
  return text.replace(XML_SPECIAL, (c) => {
    if (c === '&') return '&amp;';
    if (c === '<') return '&lt;';
    if (c === '>') return '&gt;';
    if (c === '"') return '&quot;';
    // Excel's own escape for a control character.
    return `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`;
  });
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

function workbookXml(sheetName: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
