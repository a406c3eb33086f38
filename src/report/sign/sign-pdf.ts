import type { PDFArray, PDFDict, PDFDocument, PDFRef } from 'pdf-lib';
import { CutoverError, ErrorCodes, describeCause, isCutoverError } from '../../core/errors.ts';
import { parseCmsSignature } from '../verify/cms-signature.ts';
import { appendRevision } from './incremental-update.ts';
import { appearanceLines } from './signature-appearance.ts';
import type { PdfLib } from '../pdf-lib-module.ts';

export interface SignPdfOptions {
  /** The sign-off role ('QA Lead'): the signature field filled, or the name of a new one. */
  role: string;
  /** PKCS#12 file holding the signer's key and certificate. */
  p12: Uint8Array;
  passphrase?: string;
  /** Printed name of the signer; defaults to the certificate's common name. */
  name?: string;
  reason?: string;
  location?: string;
  signingTime?: Date;
}

export interface SignedPdf {
  pdf: Buffer;
  field: string;
  /** True when the role's empty field was filled; false when a field had to be added. */
  filledExisting: boolean;
  signer: string;
}

/** Bytes reserved for the CMS signature (hex doubles it); fits a key, chain and attributes. */
const SIGNATURE_BYTES = 8192;
const BYTE_RANGE_PLACEHOLDER = '**********';

/**
 * Signs a PDF for one role in an incremental update: the role's empty signature field (from
 * the sign-off page) gets a signature value, and every earlier byte is left as it was, so a
 * second role can sign the result without breaking the first signature. A PDF without such
 * a field gets a new invisible field named after the role, so the role is still recorded.
 */
export async function signPdf(pdf: Uint8Array, options: SignPdfOptions): Promise<SignedPdf> {
  const lib = await import('pdf-lib');
  const { PDFDocument, PDFName, PDFHexString, PDFString, PDFArray: Arr, PDFRef: Ref } = lib;
  const { P12Signer } = await import('@signpdf/signer-p12');
  // A P12Signer reads its key buffer once, so each signature takes a fresh one.
  const newSigner = () =>
    new P12Signer(Buffer.from(options.p12), { passphrase: options.passphrase ?? '' });
  let certName: string;
  try {
    // A throwaway signature: proves the key opens and names the certificate's holder.
    certName = parseCmsSignature(await newSigner().sign(Buffer.from('cutover'))).signer;
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `Cannot use the P12 file: ${describeCause(cause)} (wrong passphrase, or not a PKCS#12 key and certificate?)`,
      { cause },
    );
  }
  const name = options.name ?? certName;
  const time = options.signingTime ?? new Date();

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `Cannot read the PDF to sign: ${describeCause(cause)}`,
      { cause },
    );
  }
  const { context } = doc;
  const firstNew = context.largestObjectNumber + 1;
  const changed = new Set<PDFRef>();

  const sigDict = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'adbe.pkcs7.detached',
    ByteRange: [
      0,
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
    ],
    Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
    Reason: PDFHexString.fromText(options.reason ?? `Sign-off as ${options.role}`),
    Name: PDFHexString.fromText(name),
    M: PDFString.fromDate(time),
    ...(options.location === undefined
      ? {}
      : { Location: PDFHexString.fromText(options.location) }),
    Prop_Build: { App: { Name: 'cutover' } },
  });
  const sigRef = context.register(sigDict);

  const acroForm = ensureAcroForm(lib, doc, changed);
  const fields = acroForm.dict.lookupMaybe(PDFName.of('Fields'), Arr);
  const existing = fields === undefined ? undefined : findField(lib, doc, fields, options.role);
  if (existing !== undefined && existing.dict.has(PDFName.of('V')))
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `The "${options.role}" signature field is already signed; each role signs once.`,
    );

  let field: { ref: PDFRef; dict: PDFDict };
  if (existing !== undefined) field = existing;
  else {
    const pages = doc.getPages();
    const page = pages[pages.length - 1]!;
    const dict = context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(options.role),
      Rect: [0, 0, 0, 0],
      F: 4,
      P: page.ref,
    });
    field = { ref: context.register(dict), dict };
    const annots = page.node.get(PDFName.of('Annots'));
    const annotsArray = page.node.lookupMaybe(PDFName.of('Annots'), Arr);
    if (annotsArray === undefined) page.node.set(PDFName.of('Annots'), context.obj([field.ref]));
    else annotsArray.push(field.ref);
    changed.add(annots instanceof Arr || annots === undefined ? page.ref : (annots as PDFRef));
    const fieldsValue = acroForm.dict.get(PDFName.of('Fields'));
    if (fields === undefined) acroForm.dict.set(PDFName.of('Fields'), context.obj([field.ref]));
    else fields.push(field.ref);
    if (fieldsValue !== undefined && !(fieldsValue instanceof Arr))
      changed.add(fieldsValue as PDFRef);
  }

  field.dict.set(PDFName.of('V'), sigRef);
  field.dict.set(
    PDFName.of('AP'),
    context.obj({ N: appearance(lib, doc, field.dict, options.role, name, time) }),
  );
  changed.add(field.ref);
  // Signatures exist (1), and the file must only be appended to (2).
  acroForm.dict.set(PDFName.of('SigFlags'), context.obj(3));

  for (let n = firstNew; n <= context.largestObjectNumber; n++) changed.add(Ref.of(n));
  const prepared = appendRevision(pdf, context, [...changed]);
  try {
    const { SignPdf } = await import('@signpdf/signpdf');
    const signed = await new SignPdf().sign(prepared, newSigner(), time);
    return {
      pdf: signed,
      field: options.role,
      filledExisting: existing !== undefined,
      signer: name,
    };
  } catch (cause) {
    if (isCutoverError(cause)) throw cause;
    throw new CutoverError(ErrorCodes.REPORT_FAILED, `Signing failed: ${describeCause(cause)}`, {
      cause,
    });
  }
}

/** The document's AcroForm, created if missing; the object that holds it is marked changed. */
function ensureAcroForm(lib: PdfLib, doc: PDFDocument, changed: Set<PDFRef>) {
  const { PDFName, PDFRef: Ref, PDFDict: Dict } = lib;
  const value = doc.catalog.get(PDFName.of('AcroForm'));
  if (value instanceof Ref) {
    changed.add(value);
    return { dict: doc.context.lookup(value, Dict) };
  }
  const rootRef = doc.context.trailerInfo.Root;
  if (!(rootRef instanceof Ref))
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, 'The PDF has no document catalog.');
  changed.add(rootRef);
  if (value instanceof Dict) return { dict: value };
  const dict = doc.context.obj({ Fields: [] });
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(dict));
  return { dict };
}

/** The signature field named after the role (our sign-off fields are field and widget in one). */
function findField(
  lib: PdfLib,
  doc: PDFDocument,
  fields: PDFArray,
  role: string,
): { ref: PDFRef; dict: PDFDict } | undefined {
  const { PDFName, PDFRef: Ref, PDFDict: Dict, PDFHexString, PDFString } = lib;
  for (const item of fields.asArray()) {
    if (!(item instanceof Ref)) continue;
    const dict = doc.context.lookup(item);
    if (!(dict instanceof Dict)) continue;
    const title = dict.get(PDFName.of('T'));
    const text =
      title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : undefined;
    const type = dict.get(PDFName.of('FT'));
    if (text === role && type === PDFName.of('Sig')) return { ref: item, dict };
  }
  return undefined;
}

/** What a reader shows in the field once signed: who, as what, when. */
function appearance(
  lib: PdfLib,
  doc: PDFDocument,
  field: PDFDict,
  role: string,
  name: string,
  time: Date,
): PDFRef {
  const { PDFName, PDFArray: Arr, PDFNumber } = lib;
  const rect = field.lookupMaybe(PDFName.of('Rect'), Arr);
  const [x1, y1, x2, y2] = (rect?.asArray() ?? []).map((n) =>
    n instanceof PDFNumber ? n.asNumber() : 0,
  );
  const width = Math.max(0, (x2 ?? 0) - (x1 ?? 0));
  const height = Math.max(0, (y2 ?? 0) - (y1 ?? 0));
  const font = doc.context.obj({
    Type: 'Font',
    Subtype: 'Type1',
    BaseFont: 'Helvetica',
    Encoding: 'WinAnsiEncoding',
  });
  const stream = doc.context.stream(appearanceLines({ role, name, time, width, height }), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: doc.context.register(font) } },
  });
  return doc.context.register(stream);
}
