import { libxml, elementChildren, firstElement, type XmlDocument, type XmlElement } from './libxml';
import { SOAP_ENV_NS } from './xmlWriter';

/**
 * Reading a SOAP 1.1 request: guard, parse once with libxml2, and locate the Body child. Namespace
 * prefixes are irrelevant (soapenv:, soap:, s: or a default namespace): only namespace URIs count.
 */
export type Parsed =
  | { kind: 'rejected'; status: number; detail: string }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'parsed'; doc: XmlDocument; envelopeProblem?: string; bodyChild?: XmlElement };

// XML forbids these anywhere but the prolog; refusing them outright rules out XXE and entity expansion bombs
const DTD = /<!(DOCTYPE|ENTITY)/i;

export function parseEnvelope(xml: string): Parsed {
  if (DTD.test(xml)) return { kind: 'rejected', status: 400, detail: 'DOCTYPE and ENTITY declarations are not allowed' };
  const { XmlDocument, ParseOption } = libxml();
  let doc: XmlDocument;
  try {
    // NOBLANKS: indentation between elements makes no text nodes, so walking the tree crosses the wasm boundary less
    doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NOBLANKS });
  } catch (err) {
    const d = (err as { details?: { message: string; line: number; col: number }[] }).details?.[0];
    return { kind: 'unreadable', detail: d ? `${d.message.trim()} (line ${d.line}, column ${d.col})` : (err as Error).message };
  }
  const root = doc.root;
  // Structure problems do not stop us finding the operation: the node still answers with that
  // primitive's KO (PPT_SINTASSI_EXTRAXSD), HTTP 200, when the SOAPAction names it.
  if (root.name !== 'Envelope') return { kind: 'parsed', doc, envelopeProblem: `root element must be Envelope, found ${root.name}` };
  const children = elementChildren(root);
  const body = children.find((c) => c.name === 'Body');
  const problem =
    root.namespaceUri !== SOAP_ENV_NS
      ? `Envelope namespace must be ${SOAP_ENV_NS}, found ${root.namespaceUri || 'none'}`
      : !body
        ? 'soapenv:Body is missing'
        : body.namespaceUri !== SOAP_ENV_NS
          ? `Body namespace must be ${SOAP_ENV_NS}`
          : children.some((c) => c.name !== 'Header' && c.name !== 'Body') || children[children.length - 1] !== body
            ? 'Envelope may only contain an optional Header followed by Body'
            : undefined;
  const bodyChild = body ? firstElement(body) : undefined;
  if (!problem && body && elementChildren(body).length > 1) {
    return { kind: 'parsed', doc, bodyChild, envelopeProblem: 'soapenv:Body must contain exactly one element' };
  }
  return { kind: 'parsed', doc, bodyChild, envelopeProblem: problem };
}

/** SOAPAction, quoted or not; a URI-style action keeps only its last segment. */
export function soapActionName(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  const v = raw
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  if (!v) return undefined;
  return v.split(/[/#]/).pop() || undefined;
}

/**
 * The journal stores requests with the channel password masked, also when the request is broken: the
 * tag may be misspelt (`<passwd>`, `<pasword>`, `<pwd>`, `<Password>`: a local name containing "pass",
 * "pasw" or "pwd"; the schemas have no other such element), prefixed, carry attributes, be closed by a
 * wrong tag (`<password>x</pasword>`) or never closed. Everything after the start tag is masked up to the
 * next tag that is not a CDATA section, comment or PI, or to the end of the text, so a password sent as
 * CDATA, split by a comment or cut by truncation is masked too (password is a simple type). Text closed by
 * a password end tag is masked whatever opened it (`<pssword>x</password>`).
 */
const NAME = String.raw`[\w.:-]*?(?:pas?sw|pass|pwd)[\w.-]*`;
const AFTER_START_TAG = new RegExp(String.raw`(<${NAME}(?:\s[^<>]*?)?(?<!/)>)(?:<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|[^<]+)*`, 'gi');
const BEFORE_END_TAG = new RegExp(String.raw`>[^<>]+(</${NAME}\s*>)`, 'gi');

export function maskPassword(xml: string): string {
  return xml.replace(AFTER_START_TAG, '$1***').replace(BEFORE_END_TAG, '>***$1');
}
