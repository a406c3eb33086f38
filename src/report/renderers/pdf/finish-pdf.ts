import type { ElementBox } from './launch-browser.ts';

/** A4 in PDF points, and the print margins render-pdf gives Chromium. */
export const A4_PT = { width: 595.28, height: 841.89 } as const;
const MM_PT = 72 / 25.4;
export const PRINT_MARGINS_MM = { top: 16, bottom: 16, left: 10, right: 10 } as const;
/** One CSS pixel is 1/96 inch; a point is 1/72. Chromium prints at scale 1. */
const PX_PT = 0.75;

/** Width of the printed content area in CSS pixels: what the HTML is laid out against. */
export const CONTENT_WIDTH_PX =
  (210 - PRINT_MARGINS_MM.left - PRINT_MARGINS_MM.right) * (96 / 25.4);

export interface SignatureFieldSpec {
  /** Field name; the role that signs in it ('QA Lead'). */
  name: string;
  /** [x1, y1, x2, y2] in PDF points on the last page, origin bottom left. */
  rect: [number, number, number, number];
}

export interface FinishPdfOptions {
  /** Empty signature fields, all on the last page (the sign-off page). */
  signatureFields: readonly SignatureFieldSpec[];
  attachment?: { name: string; content: Uint8Array; description: string; createdAt: Date };
  title?: string;
  /** Written as the document's subject, next to the digest printed on every page. */
  subject?: string;
}

/**
 * Where a box of the sign-off section lands on the PDF's last page. The section starts a page
 * (break-before), so its top is the top of that page's content area; boxes keep their offset
 * from it. Measured with print styles at the printed width, the layout is the one printed.
 */
export function fieldRect(box: ElementBox, section: ElementBox): SignatureFieldSpec['rect'] {
  const left = PRINT_MARGINS_MM.left * MM_PT + box.x * PX_PT;
  const top = PRINT_MARGINS_MM.top * MM_PT + (box.y - section.y) * PX_PT;
  const round = (n: number) => Math.round(n * 100) / 100;
  return [
    round(left),
    round(A4_PT.height - top - box.height * PX_PT),
    round(left + box.width * PX_PT),
    round(A4_PT.height - top),
  ];
}

/**
 * Adds what Chromium cannot print: an empty digital signature field per role (AcroForm /FT
 * /Sig widgets, which a PDF reader offers to sign) and evidence.json as an attachment, so a
 * signed file carries the evidence it was rendered from. Saved without object streams and
 * with a classic xref table, so `signPdf` can append incremental updates to it.
 */
export async function finishPdf(pdf: Uint8Array, options: FinishPdfOptions): Promise<Uint8Array> {
  const { PDFDocument, PDFName, PDFHexString, PDFArray } = await import('pdf-lib');
  // pdf-lib yields to the event loop every 100 objects when loading and 50 when saving, each
  // yield a timer tick: on a report of a few thousand objects that was a second of waiting.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const context = doc.context;
  if (options.title !== undefined) doc.setTitle(options.title);
  if (options.subject !== undefined) doc.setSubject(options.subject);
  doc.setCreator('cutover');
  doc.setProducer('cutover (Chromium, pdf-lib)');

  if (options.attachment !== undefined) {
    const { name, content, description, createdAt } = options.attachment;
    // pdf-lib deflates embedded files with pako, several times slower than Node's zlib on a
    // doc run's few MB of evidence; same FlateDecode stream, so this document's deflates use zlib.
    const { deflateSync } = await import('node:zlib');
    context.flateStream = (contents, dict = {}) =>
      context.stream(deflateSync(contents), {
        ...dict,
        Filter: 'FlateDecode',
      });
    await doc.attach(content, name, {
      mimeType: 'application/json',
      description,
      creationDate: createdAt,
      modificationDate: createdAt,
    });
  }

  if (options.signatureFields.length > 0) {
    const pages = doc.getPages();
    const page = pages[pages.length - 1]!;
    const fieldRefs = options.signatureFields.map((field) => {
      const widget = context.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: PDFHexString.fromText(field.name),
        TU: PDFHexString.fromText(`Digital signature: ${field.name}`),
        Rect: field.rect,
        // Print (4): a signed page prints with its signature.
        F: 4,
        P: page.ref,
      });
      return context.register(widget);
    });
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? context.obj([]);
    for (const ref of fieldRefs) annots.push(ref);
    page.node.set(PDFName.of('Annots'), annots);
    // An indirect AcroForm: a signer's incremental update rewrites just this small object.
    const acroForm = context.register(context.obj({ Fields: fieldRefs }));
    doc.catalog.set(PDFName.of('AcroForm'), acroForm);
  }
  return await doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
