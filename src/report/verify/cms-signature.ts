import { X509Certificate, createHash, verify as verifySignature } from 'node:crypto';
import { children, content, oidText, readDer } from './der.ts';
import type { DerNode } from './der.ts';

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

/** The parts of a detached CMS SignedData (adbe.pkcs7.detached) needed to check it. */
export interface CmsSignature {
  hash: string;
  certificate: X509Certificate;
  /** The signer's common name, or the whole subject when it has none. */
  signer: string;
  signingTime?: Date;
  messageDigest?: Buffer;
  signedAttributes?: Buffer;
  signature: Buffer;
}

/** Parses a signature's /Contents (DER, padded with zeros to the placeholder size). */
export function parseCmsSignature(padded: Buffer): CmsSignature {
  const root = readDer(padded);
  const der = padded.subarray(0, root.end);
  const [, explicit] = children(der, root);
  if (explicit === undefined) throw new Error('CMS: no content in ContentInfo');
  const [signedData] = children(der, explicit);
  if (signedData === undefined) throw new Error('CMS: no SignedData');
  const parts = children(der, signedData);
  const certificates = parts
    .filter((p) => p.tag === 0xa0)
    .flatMap((p) => children(der, p))
    .map((c) => new X509Certificate(c.bytes));
  const signerInfos = parts.at(-1);
  if (signerInfos?.tag !== 0x31) throw new Error('CMS: no signerInfos');
  const [signerInfo] = children(der, signerInfos);
  if (signerInfo === undefined) throw new Error('CMS: no SignerInfo');
  const [, sid, digestAlgorithm, ...rest] = children(der, signerInfo);
  if (sid === undefined || digestAlgorithm === undefined) throw new Error('CMS: short SignerInfo');
  const hashOid = oidText(content(der, children(der, digestAlgorithm)[0]!));
  const hash = HASHES[hashOid];
  if (hash === undefined) throw new Error(`CMS: unsupported digest algorithm ${hashOid}`);
  const attrs = rest[0]?.tag === 0xa0 ? rest[0] : undefined;
  const signatureNode = rest.find((n) => n.tag === 0x04);
  if (signatureNode === undefined) throw new Error('CMS: no signature value');
  const certificate = signerCertificate(der, sid, certificates);
  const result: CmsSignature = {
    hash,
    certificate,
    signer: commonName(certificate.subject),
    signature: Buffer.from(content(der, signatureNode)),
  };
  if (attrs !== undefined) {
    // Signed attributes are signed as a SET (tag 0x31), not with their [0] context tag.
    const asSet = Buffer.from(attrs.bytes);
    asSet[0] = 0x31;
    result.signedAttributes = asSet;
    for (const attr of children(der, attrs)) {
      const [type, values] = children(der, attr);
      if (type === undefined || values === undefined) continue;
      const oid = oidText(content(der, type));
      const value = children(der, values)[0];
      if (value === undefined) continue;
      if (oid === MESSAGE_DIGEST) result.messageDigest = Buffer.from(content(der, value));
      const time = oid === SIGNING_TIME ? derTime(content(der, value), value.tag) : undefined;
      if (time !== undefined) result.signingTime = time;
    }
  }
  return result;
}

export type CmsCheck = { ok: true } | { ok: false; problem: string };

/** Checks the signed bytes against the signature: digest first, then the signature itself. */
export function checkCmsSignature(cms: CmsSignature, signedBytes: Buffer): CmsCheck {
  const digest = createHash(cms.hash).update(signedBytes).digest();
  if (cms.signedAttributes === undefined) {
    const ok = verifySignature(cms.hash, signedBytes, cms.certificate.publicKey, cms.signature);
    return ok ? { ok } : { ok, problem: 'the signature does not match the signed bytes' };
  }
  if (cms.messageDigest === undefined || !digest.equals(cms.messageDigest))
    return {
      ok: false,
      problem: `the signed bytes hash to ${digest.toString('hex')} but the signature was made over ${cms.messageDigest?.toString('hex') ?? 'nothing'}: the document was changed after signing`,
    };
  const ok = verifySignature(
    cms.hash,
    cms.signedAttributes,
    cms.certificate.publicKey,
    cms.signature,
  );
  return ok
    ? { ok }
    : { ok, problem: "the signature value does not verify with the signer's certificate" };
}

function signerCertificate(
  der: Buffer,
  sid: DerNode,
  certificates: X509Certificate[],
): X509Certificate {
  if (sid.tag === 0x30) {
    const serialNode = children(der, sid)[1];
    if (serialNode !== undefined) {
      const serial = stripZeros(content(der, serialNode).toString('hex'));
      const match = certificates.find((c) => stripZeros(c.serialNumber.toLowerCase()) === serial);
      if (match !== undefined) return match;
    }
  }
  const first = certificates[0];
  if (first === undefined) throw new Error('CMS: the signature carries no certificate');
  return first;
}

function stripZeros(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+/, '');
}

function commonName(subject: string): string {
  const cn = /^CN=(.*)$/m.exec(subject)?.[1];
  return cn ?? subject.replace(/\n/g, ', ');
}

function derTime(bytes: Buffer, tag: number): Date | undefined {
  const text = bytes.toString('latin1');
  const m = /^(\d{2,4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return undefined;
  let year = Number(m[1]);
  if (tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
}
