/**
 * XML 1.0 forbids most control characters even as references, and CI parsers reject the
 * whole file over one of them: strip them (and lone surrogates) before escaping.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs, which parsers would normalise away. */
export function xmlAttr(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** CDATA cannot contain ']]>'; plain escaped text is simpler and always valid. */
export function element(
  name: string,
  attrs: Record<string, string | number>,
  body?: string,
): string {
  const attrText = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
  return body === undefined ? `<${name}${attrText}/>` : `<${name}${attrText}>${body}</${name}>`;
}
