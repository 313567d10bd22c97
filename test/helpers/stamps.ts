/**
 * Digital stamp documents (marca da bollo digitale, namespace http://www.agenziaentrate.gov.it/2014/MarcaDaBollo)
 * for the tests: a valid one, shaped as the stamps a PSP issues (an enveloped XML-DSig signature with an X.509
 * certificate), and the edits that break it. Values are placeholders: nobody verifies digests or signatures.
 */
export const MDB_NS = 'http://www.agenziaentrate.gov.it/2014/MarcaDaBollo';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

const B64 = Buffer.from('placeholder digest, not a real one').toString('base64');

export function stampXml(iubd = '01234567890123'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<marcaDaBollo xmlns="${MDB_NS}" xmlns:ds="${DS_NS}">` +
    `<PSP><CodiceFiscale>15376371009</CodiceFiscale><Denominazione>PagoPA S.p.A.</Denominazione></PSP>` +
    `<IUBD>${iubd}</IUBD>` +
    `<OraAcquisto>2026-11-22T10:11:12</OraAcquisto>` +
    `<Importo>16.00</Importo>` +
    `<TipoBollo>01</TipoBollo>` +
    `<ImprontaDocumento><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${B64}</ds:DigestValue></ImprontaDocumento>` +
    `<ds:Signature Id="firma">` +
    `<ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
    `<ds:Reference URI="">` +
    `<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>` +
    `<ds:DigestValue>${B64}</ds:DigestValue>` +
    `</ds:Reference>` +
    `</ds:SignedInfo>` +
    `<ds:SignatureValue>${B64}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${B64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `</ds:Signature>` +
    `</marcaDaBollo>`
  );
}

export const toBase64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

/** The valid stamp with `from` replaced by `to` (the edit must apply: a no-op edit would test nothing). */
export function editedStamp(from: string | RegExp, to: string): string {
  const xml = stampXml();
  const edited = xml.replace(from, to);
  if (edited === xml) throw new Error(`the edit ${String(from)} does not apply to the stamp`);
  return edited;
}

/**
 * Stamps the official schema refuses, each for one reason: our schema must refuse them too. `base64`: the
 * reason is a value outside base64's lexical space, which our xmldsig-core.xsd words as a pattern violation.
 */
export const INVALID_STAMPS: { name: string; xml: string; base64?: true }[] = [
  { name: 'no ds:Signature', xml: editedStamp(/<ds:Signature [\s\S]*<\/ds:Signature>/, '') },
  { name: 'Importo with three decimals', xml: editedStamp('<Importo>16.00</Importo>', '<Importo>16.001</Importo>') },
  { name: 'Importo not a number', xml: editedStamp('<Importo>16.00</Importo>', '<Importo>sedici</Importo>') },
  { name: 'TipoBollo 02', xml: editedStamp('<TipoBollo>01</TipoBollo>', '<TipoBollo>02</TipoBollo>') },
  { name: 'empty IUBD', xml: editedStamp('<IUBD>01234567890123</IUBD>', '<IUBD></IUBD>') },
  { name: 'OraAcquisto not a dateTime', xml: editedStamp('2026-11-22T10:11:12', '2026-11-22') },
  { name: 'PSP without Denominazione', xml: editedStamp('<Denominazione>PagoPA S.p.A.</Denominazione>', '') },
  {
    name: 'elements out of order (TipoBollo before Importo)',
    xml: editedStamp('<Importo>16.00</Importo><TipoBollo>01</TipoBollo>', '<TipoBollo>01</TipoBollo><Importo>16.00</Importo>'),
  },
  {
    name: 'ImprontaDocumento digest other than SHA-256',
    xml: editedStamp(
      '<ImprontaDocumento><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>',
      '<ImprontaDocumento><DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>',
    ),
  },
  {
    name: 'ImprontaDocumento DigestMethod with content',
    xml: editedStamp(
      '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>',
      '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256">x</DigestMethod><ds:DigestValue>',
    ),
  },
  { name: 'ImprontaDocumento DigestValue not base64', xml: editedStamp(/<ImprontaDocumento>(.*?)<ds:DigestValue>[^<]*/, '<ImprontaDocumento>$1<ds:DigestValue>%%%'), base64: true },
  { name: 'an unexpected element', xml: editedStamp('<TipoBollo>01</TipoBollo>', '<TipoBollo>01</TipoBollo><Note>x</Note>') },
  { name: 'root in no namespace', xml: editedStamp(`<marcaDaBollo xmlns="${MDB_NS}"`, '<marcaDaBollo xmlns:mdb="urn:x"') },
  { name: 'another root element', xml: editedStamp(/^(<\?xml[^>]*>\n)<marcaDaBollo([^>]*)>([\s\S]*)<\/marcaDaBollo>$/, '$1<bollo$2>$3</bollo>') },
  { name: 'SignedInfo without Reference', xml: editedStamp(/<ds:Reference [\s\S]*<\/ds:Reference>/, '') },
  { name: 'Signature without SignatureValue', xml: editedStamp(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '') },
  { name: 'SignatureMethod without Algorithm', xml: editedStamp('<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>', '<ds:SignatureMethod/>') },
  { name: 'empty KeyInfo', xml: editedStamp(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, '<ds:KeyInfo></ds:KeyInfo>') },
  { name: 'X509Certificate not base64', xml: editedStamp(/<ds:X509Certificate>[^<]*/, '<ds:X509Certificate>%%%'), base64: true },
  {
    name: 'X509SerialNumber not an integer',
    xml: editedStamp(
      /<ds:X509Data>.*<\/ds:X509Data>/,
      '<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=x</ds:X509IssuerName><ds:X509SerialNumber>12a</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>',
    ),
  },
  {
    name: 'RSAKeyValue without Exponent',
    xml: editedStamp(/<ds:X509Data>.*<\/ds:X509Data>/, `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${B64}</ds:Modulus></ds:RSAKeyValue></ds:KeyValue>`),
  },
  { name: 'Object before KeyInfo', xml: editedStamp(/(<ds:KeyInfo>.*<\/ds:KeyInfo>)/, '<ds:Object>x</ds:Object>$1') },
];

/** Stamps both schemas accept, exercising what the signature may carry. */
export const VALID_STAMPS: { name: string; xml: string }[] = [
  { name: 'the reference stamp', xml: stampXml() },
  { name: 'no KeyInfo', xml: editedStamp(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, '') },
  {
    name: 'KeyInfo with an RSA key, a key name and an issuer/serial',
    xml: editedStamp(
      /<ds:X509Data>.*<\/ds:X509Data>/,
      `<ds:KeyName>bollo</ds:KeyName><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${B64}</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>` +
        `<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=CA</ds:X509IssuerName><ds:X509SerialNumber>1234567890</ds:X509SerialNumber></ds:X509IssuerSerial><ds:X509Certificate>${B64}</ds:X509Certificate></ds:X509Data>`,
    ),
  },
  {
    name: 'a XAdES-style Object after KeyInfo',
    xml: editedStamp(
      '</ds:KeyInfo>',
      '</ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#firma"><xades:SignedProperties/></xades:QualifyingProperties></ds:Object>',
    ),
  },
  {
    name: 'two References, one without Transforms',
    xml: editedStamp(
      '</ds:Reference>',
      `</ds:Reference><ds:Reference URI="#x"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${B64}</ds:DigestValue></ds:Reference>`,
    ),
  },
  { name: 'Importo without decimals', xml: editedStamp('<Importo>16.00</Importo>', '<Importo>16</Importo>') },
  { name: 'OraAcquisto with a time zone', xml: editedStamp('2026-11-22T10:11:12', '2026-11-22T10:11:12.345+01:00') },
  { name: 'indented, with comments', xml: stampXml().replace(/></g, '>\n  <').replace('<IUBD>', '<!-- bollo --><IUBD>') },
];
