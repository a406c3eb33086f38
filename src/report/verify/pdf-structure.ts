import type { PDFDict, PDFObject } from 'pdf-lib';
import type { PdfLib } from '../pdf-lib-module.ts';

export interface SignatureField {
  name: string;
  signed: boolean;
  /** The signature dictionary's /ByteRange, to match it with the bytes found in the file. */
  byteRange?: number[];
  /** /Name and /Reason the signer gave. */
  signedName?: string;
  reason?: string;
}

export interface Attachment {
  name: string;
  bytes: Uint8Array;
}

export interface PdfStructure {
  signatureFields: SignatureField[];
  attachments: Attachment[];
}

/** Signature fields and embedded files, read through pdf-lib's object model. */
export async function readPdfStructure(pdf: Uint8Array): Promise<PdfStructure> {
  const lib = await import('pdf-lib');
  const { PDFDocument, PDFName, PDFArray, PDFDict: Dict, PDFNumber } = lib;
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: true });
  const text = (value: PDFObject | undefined) => decodeText(lib, value);

  const signatureFields: SignatureField[] = [];
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), Dict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  for (let i = 0; i < (fields?.size() ?? 0); i++) {
    const field = fields!.lookup(i);
    if (!(field instanceof Dict) || field.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
    const value = field.lookupMaybe(PDFName.of('V'), Dict);
    const entry: SignatureField = {
      name: text(field.get(PDFName.of('T'))) ?? '(unnamed)',
      signed: value !== undefined,
    };
    if (value !== undefined) {
      const range = value.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
      if (range !== undefined)
        entry.byteRange = range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : -1));
      const signedName = text(value.get(PDFName.of('Name')));
      const reason = text(value.get(PDFName.of('Reason')));
      if (signedName !== undefined) entry.signedName = signedName;
      if (reason !== undefined) entry.reason = reason;
    }
    signatureFields.push(entry);
  }
  return { signatureFields, attachments: readAttachments(lib, doc.catalog) };
}

function readAttachments(lib: PdfLib, catalog: PDFDict): Attachment[] {
  const { PDFName, PDFArray, PDFDict: Dict, PDFRawStream, decodePDFRawStream } = lib;
  const names = catalog
    .lookupMaybe(PDFName.of('Names'), Dict)
    ?.lookupMaybe(PDFName.of('EmbeddedFiles'), Dict)
    ?.lookupMaybe(PDFName.of('Names'), PDFArray);
  const found: Attachment[] = [];
  for (let i = 0; i + 1 < (names?.size() ?? 0); i += 2) {
    const spec = names!.lookup(i + 1);
    if (!(spec instanceof Dict)) continue;
    const name =
      decodeText(lib, spec.get(PDFName.of('UF'))) ??
      decodeText(lib, spec.get(PDFName.of('F'))) ??
      decodeText(lib, names!.get(i)) ??
      '';
    const stream = spec.lookupMaybe(PDFName.of('EF'), Dict)?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) continue;
    found.push({ name, bytes: decodePDFRawStream(stream).decode() });
  }
  return found;
}

function decodeText(lib: PdfLib, value: PDFObject | undefined) {
  if (value instanceof lib.PDFHexString || value instanceof lib.PDFString)
    return value.decodeText();
  return undefined;
}
