import { beforeAll, describe, expect, it } from '@jest/globals';
import { maskPassword, parseEnvelope, soapActionName, type Parsed } from '../../src/soap/envelope';
import { loadLibXml } from '../../src/soap/libxml';

/** The envelope reader: only namespace URIs count, never prefixes; structure problems are named, not thrown. */
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const NOD = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';
const VERIFY = '<nod:verifyPaymentNoticeReq xmlns:nod="' + NOD + '"><idPSP>60000000001</idPSP></nod:verifyPaymentNoticeReq>';

beforeAll(async () => {
  await loadLibXml();
});

function parsed(xml: string): Extract<Parsed, { kind: 'parsed' }> {
  const p = parseEnvelope(xml);
  if (p.kind !== 'parsed') throw new Error(`expected a parsed envelope, got ${JSON.stringify(p)}`);
  return p;
}

describe('parseEnvelope', () => {
  it.each([
    ['soapenv:', `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Header/><soapenv:Body>${VERIFY}</soapenv:Body></soapenv:Envelope>`],
    ['soap:', `<soap:Envelope xmlns:soap="${SOAP}"><soap:Body>${VERIFY}</soap:Body></soap:Envelope>`],
    ['s: with an XML declaration', `<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope xmlns:s="${SOAP}">\n  <s:Body>\n    ${VERIFY}\n  </s:Body>\n</s:Envelope>`],
    ['a default namespace', `<Envelope xmlns="${SOAP}"><Body>${VERIFY}</Body></Envelope>`],
    [
      'a default namespace on the operation too',
      `<Envelope xmlns="${SOAP}"><Body><verifyPaymentNoticeReq xmlns="${NOD}"><idPSP xmlns="">1</idPSP></verifyPaymentNoticeReq></Body></Envelope>`,
    ],
    ['a comment before the operation', `<e:Envelope xmlns:e="${SOAP}"><e:Body><!-- hi -->${VERIFY}</e:Body></e:Envelope>`],
  ])('finds the Body child whatever the prefixes: %s', (_case, xml) => {
    const p = parsed(xml);
    expect(p.envelopeProblem).toBeUndefined();
    expect(p.bodyChild?.name).toBe('verifyPaymentNoticeReq');
    expect(p.bodyChild?.namespaceUri).toBe(NOD);
    p.doc.dispose();
  });

  it('a missing Body is named', () => {
    const p = parsed(`<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Header/></soapenv:Envelope>`);
    expect(p.envelopeProblem).toBe('soapenv:Body is missing');
    expect(p.bodyChild).toBeUndefined();
  });

  it('an empty Body has no child and no structure problem (the router answers for it)', () => {
    const p = parsed(`<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body/></soapenv:Envelope>`);
    expect(p.envelopeProblem).toBeUndefined();
    expect(p.bodyChild).toBeUndefined();
  });

  it('two Body children: the first is still found, and the problem named', () => {
    const p = parsed(`<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body>${VERIFY}<other/></soapenv:Body></soapenv:Envelope>`);
    expect(p.envelopeProblem).toBe('soapenv:Body must contain exactly one element');
    expect(p.bodyChild?.name).toBe('verifyPaymentNoticeReq');
  });

  it('a root other than Envelope', () => {
    expect(parsed(`<Body xmlns="${SOAP}">${VERIFY}</Body>`).envelopeProblem).toBe('root element must be Envelope, found Body');
  });

  it('an Envelope in the SOAP 1.2 namespace (or none)', () => {
    expect(parsed(`<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>${VERIFY}</e:Body></e:Envelope>`).envelopeProblem).toBe(
      `Envelope namespace must be ${SOAP}, found http://www.w3.org/2003/05/soap-envelope`,
    );
    expect(parsed(`<Envelope><Body>${VERIFY}</Body></Envelope>`).envelopeProblem).toBe(`Envelope namespace must be ${SOAP}, found none`);
  });

  it('a Body in another namespace', () => {
    expect(parsed(`<e:Envelope xmlns:e="${SOAP}"><Body>${VERIFY}</Body></e:Envelope>`).envelopeProblem).toBe(`Body namespace must be ${SOAP}`);
  });

  it.each([
    ['Body before Header', `<e:Envelope xmlns:e="${SOAP}"><e:Body>${VERIFY}</e:Body><e:Header/></e:Envelope>`],
    ['an unknown element beside Body', `<e:Envelope xmlns:e="${SOAP}"><e:Extra/><e:Body>${VERIFY}</e:Body></e:Envelope>`],
  ])('only an optional Header followed by Body: %s', (_case, xml) => {
    const p = parsed(xml);
    expect(p.envelopeProblem).toBe('Envelope may only contain an optional Header followed by Body');
    expect(p.bodyChild?.name).toBe('verifyPaymentNoticeReq');
  });

  it.each([
    ['DOCTYPE', `<!DOCTYPE x [<!ENTITY a "b">]><e:Envelope xmlns:e="${SOAP}"><e:Body>${VERIFY}</e:Body></e:Envelope>`],
    ['a lower-case doctype', `<!doctype e:Envelope><e:Envelope xmlns:e="${SOAP}"/>`],
    ['a lone ENTITY', `<e:Envelope xmlns:e="${SOAP}"><!ENTITY x SYSTEM "file:///etc/passwd"></e:Envelope>`],
  ])('refuses %s with 400 before parsing (XXE, entity bombs)', (_case, xml) => {
    expect(parseEnvelope(xml)).toEqual({ kind: 'rejected', status: 400, detail: 'DOCTYPE and ENTITY declarations are not allowed' });
  });

  it.each([
    ['not XML at all', 'hello'],
    ['an unclosed element', `<e:Envelope xmlns:e="${SOAP}"><e:Body>`],
    ['mismatched tags', `<e:Envelope xmlns:e="${SOAP}"><e:Body></e:Bdy></e:Envelope>`],
    ['an empty string', ''],
  ])('unreadable XML (%s) is reported with the parser message, never thrown', (_case, xml) => {
    const p = parseEnvelope(xml);
    expect(p.kind).toBe('unreadable');
    expect((p as { detail: string }).detail.length).toBeGreaterThan(0);
  });

  it('the parser position is in the detail', () => {
    const p = parseEnvelope(`<e:Envelope xmlns:e="${SOAP}">\n<e:Body>\n</e:Bdy></e:Envelope>`);
    expect(p.kind).toBe('unreadable');
    expect((p as { detail: string }).detail).toMatch(/\(line 3, column \d+\)$/);
  });
});

describe('soapActionName', () => {
  it.each<[string | string[], string]>([
    ['verifyPaymentNotice', 'verifyPaymentNotice'],
    ['"verifyPaymentNotice"', 'verifyPaymentNotice'],
    ['  "verifyPaymentNotice"  ', 'verifyPaymentNotice'],
    ['" verifyPaymentNotice "', 'verifyPaymentNotice'],
    ['http://pagopa-api.pagopa.gov.it/node/nodeForPsp.wsdl/verifyPaymentNotice', 'verifyPaymentNotice'],
    ['"urn:nodeForPsp#activatePaymentNoticeV2"', 'activatePaymentNoticeV2'],
    [['sendPaymentOutcome', 'other'], 'sendPaymentOutcome'],
  ])('%j → %s', (header, name) => {
    expect(soapActionName(header)).toBe(name);
  });

  it.each([[undefined], [''], ['""'], ['   '], ['"  "'], ['http://host/path/']])('%j names no operation', (header) => {
    expect(soapActionName(header)).toBeUndefined();
  });
});

describe('maskPassword', () => {
  it.each([
    ['<password>secret99</password>', '<password>***</password>'],
    ['<nod:password>secret99</nod:password>', '<nod:password>***</nod:password>'],
    ['<password xmlns="">secret99</password>', '<password xmlns="">***</password>'],
    ['<password><![CDATA[se<cr>et]]></password>', '<password>***</password>'],
    ['<password>sec<!-- x -->ret</password>', '<password>***</password>'],
    ['<password>secret99</password >', '<password>***</password >'],
    ['<password/>', '<password/>'],
  ])('%s → %s', (xml, masked) => {
    expect(maskPassword(xml)).toBe(masked);
  });

  // any element whose name looks like a password (pass, pasw, pwd) is masked: the schemas have no other such element,
  // and a misspelt tag in a broken request must not leak the secret
  it('masks every password-like element of a message and nothing else', () => {
    const xml = '<a><idPSP>1</idPSP><password>one11111</password><b><password>two22222</password></b><passwordHint>hint</passwordHint><idChannel>c</idChannel></a>';
    expect(maskPassword(xml)).toBe('<a><idPSP>1</idPSP><password>***</password><b><password>***</password></b><passwordHint>***</passwordHint><idChannel>c</idChannel></a>');
  });
});
