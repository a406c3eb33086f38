import type * as PdfLibModule from 'pdf-lib';

/** The pdf-lib module as loaded lazily with `await import('pdf-lib')`, for helper signatures. */
export type PdfLib = typeof PdfLibModule;
