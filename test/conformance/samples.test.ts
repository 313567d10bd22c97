/**
 * Golden samples and XSD strictness, checked by an independent validator (Xerces: the JDK's
 * javax.xml.validation, through test/helpers/XsdCheck.java) against two schema sets:
 *   - ours: xsd/nodeForPsp.xsd (+ xsd/common-types.xsd), written for this project;
 *   - pagoPA's: shared/reference/pagopa-api/wsdl/xsd/nodeForPsp.xsd, when that checkout exists.
 *
 * 1. Every test/samples/<operation>__<case>/{request,response}.xml must be valid for both.
 * 2. A list of deliberately broken bodies must be rejected by both, for the intended reason:
 *    our schema is exactly as strict as the official one where it matters.
 *
 * Only the SOAP Body's child is validated, as the runtime gate does (the SOAP 1.1 envelope
 * schema lets any content through Body, so validating the envelope proves nothing).
 * One JVM serves the whole file. Without Java (or with NODO_TEST_NO_JAVA=1) the Xerces tests are skipped
 * and reported at the end of the run; the samples are still validated by libxml2, the runtime validator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { describeWith, narrowedWithout, REFERENCE_DIR } from '../helpers/crossChecks';
import { stopXerces, validateWithXerces, type XercesVerdict } from '../helpers/xerces';
import { assertValidResponse } from '../helpers/xsd';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const SAMPLES_DIR = path.join(PROJECT_ROOT, 'test/samples');
const OUR_XSD = path.join(PROJECT_ROOT, 'xsd/nodeForPsp.xsd');
const REFERENCE_XSD = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/xsd/nodeForPsp.xsd');

const NODE_FOR_PSP_NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const JVM_TIMEOUT_MS = 60_000;

interface SchemaUnderTest {
  name: string;
  xsd: string;
}

// The reference checkout lives outside the project; without it only our schema is exercised.
const SCHEMAS: SchemaUnderTest[] = [{ name: 'ours', xsd: OUR_XSD }];
if (!narrowedWithout('reference')) SCHEMAS.push({ name: 'pagoPA reference', xsd: REFERENCE_XSD });
afterAll(stopXerces);

/** Wrapper element names per operation: V1 primitives use Req/Res, the newer ones Request/Response. */
const WRAPPERS: Record<string, { request: string; response: string }> = {
  verifyPaymentNotice: { request: 'verifyPaymentNoticeReq', response: 'verifyPaymentNoticeRes' },
  activatePaymentNotice: { request: 'activatePaymentNoticeReq', response: 'activatePaymentNoticeRes' },
  activatePaymentNoticeV2: { request: 'activatePaymentNoticeV2Request', response: 'activatePaymentNoticeV2Response' },
  sendPaymentOutcome: { request: 'sendPaymentOutcomeReq', response: 'sendPaymentOutcomeRes' },
  sendPaymentOutcomeV2: { request: 'sendPaymentOutcomeV2Request', response: 'sendPaymentOutcomeV2Response' },
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Verdict = XercesVerdict;

/**
 * Xerces' verdict. Only INVALID means "the document is invalid"; a check that could not run (the schema
 * did not load, the XML is not well-formed, the JVM died) throws: a broken test must surface as such.
 */
const validate = (xml: string, xsd: string): Promise<Verdict> => validateWithXerces(xml, xsd);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true });

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '?xml' && key !== '#comment');
}

function elementChildren(node: OrderedNode): OrderedNode[] {
  const name = elementName(node);
  const children = name ? (node[name] as OrderedNode[]) : [];
  return children.filter((child) => elementName(child) !== undefined);
}

function namespaceDeclarations(node: OrderedNode): Record<string, string> {
  const attributes = node[':@'] ?? {};
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:')));
}

interface BodyChild {
  /** Qualified name as written, e.g. "nod:activatePaymentNoticeReq". */
  qname: string;
  namespace: string;
  /** The element as a standalone document, carrying the namespace declarations it inherited. */
  xml: string;
}

/** Cuts the first (only) child of the SOAP Body out of an envelope, re-declaring inherited namespaces. */
function extractBodyChild(envelopeXml: string): BodyChild {
  const envelope = (parser.parse(envelopeXml) as OrderedNode[]).find((node) => elementName(node) !== undefined);
  if (!envelope) throw new Error('no root element');
  const envelopeName = elementName(envelope)!;
  const soapPrefix = envelopeName.includes(':') ? envelopeName.slice(0, envelopeName.indexOf(':')) : '';
  const bodyName = soapPrefix ? `${soapPrefix}:Body` : 'Body';
  const body = elementChildren(envelope).find((child) => elementName(child) === bodyName);
  if (!body) throw new Error(`no ${bodyName} in ${envelopeName}`);
  const [child, ...others] = elementChildren(body);
  if (!child || others.length > 0) throw new Error('the Body must contain exactly one element');

  const inherited = { ...namespaceDeclarations(envelope), ...namespaceDeclarations(body) };
  const own = namespaceDeclarations(child);
  const qname = elementName(child)!;
  const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '';
  const declarationOf = (p: string) => (p ? `xmlns:${p}` : 'xmlns');
  const namespace = own[declarationOf(prefix)] ?? inherited[declarationOf(prefix)] ?? '';

  // String slicing between the Body tags keeps the child byte for byte (no re-serialisation).
  const bodyOpen = envelopeXml.indexOf(`<${bodyName}`);
  const contentStart = envelopeXml.indexOf('>', bodyOpen) + 1;
  const contentEnd = envelopeXml.lastIndexOf(`</${bodyName}>`);
  const content = envelopeXml.slice(contentStart, contentEnd).trim();
  if (!content.startsWith(`<${qname}`)) throw new Error('the Body must start with its element (no comments or text)');

  const missing = Object.entries(inherited)
    .filter(([name]) => !(name in own))
    .map(([name, uri]) => ` ${name}="${uri}"`)
    .join('');
  const xml = `<${qname}${missing}${content.slice(qname.length + 1)}`;
  return { qname, namespace, xml };
}

function localName(qname: string): string {
  return qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
}

/** Replaces a fragment that must be present, so a typo cannot silently turn a negative case valid. */
function edit(xml: string, from: string, to: string): string {
  if (!xml.includes(from)) throw new Error(`fragment not found: ${from}`);
  return xml.replace(from, to);
}

function sampleBody(sample: string, file: 'request.xml' | 'response.xml'): string {
  return extractBodyChild(fs.readFileSync(path.join(SAMPLES_DIR, sample, file), 'utf8')).xml;
}

// ---------------------------------------------------------------------------------------------
// 1. Golden samples
// ---------------------------------------------------------------------------------------------

const SAMPLE_FOLDERS = fs
  .readdirSync(SAMPLES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const REQUIRED_SAMPLES = [
  'verifyPaymentNotice__ok',
  'verifyPaymentNotice__ko_dominio_sconosciuto',
  'activatePaymentNotice__ok',
  'activatePaymentNotice__ko_pagamento_in_corso',
  'activatePaymentNoticeV2__ok',
  'activatePaymentNoticeV2__ok_stamp',
  'sendPaymentOutcome__ok',
  'sendPaymentOutcome__ko_token_sconosciuto',
  'sendPaymentOutcomeV2__ok',
  'sendPaymentOutcomeV2__ko_esito_gia_acquisito',
];

describe('golden samples', () => {
  it('include the required cases, each as a <operation>__<case> folder with request.xml and response.xml', () => {
    expect(SAMPLE_FOLDERS).toEqual(expect.arrayContaining(REQUIRED_SAMPLES));
    for (const folder of SAMPLE_FOLDERS) {
      expect(folder).toMatch(/^[A-Za-z0-9]+__[a-z0-9_]+$/);
      expect(Object.keys(WRAPPERS)).toContain(folder.split('__')[0]);
      expect(fs.existsSync(path.join(SAMPLES_DIR, folder, 'request.xml'))).toBe(true);
      expect(fs.existsSync(path.join(SAMPLES_DIR, folder, 'response.xml'))).toBe(true);
    }
  });

  const cases = SAMPLE_FOLDERS.flatMap((folder) => (['request', 'response'] as const).flatMap((kind) => SCHEMAS.map((schema) => ({ folder, kind, schema }))));

  /** The sample's Body child, after checking its shape and house style. */
  function sampleChild(folder: string, kind: 'request' | 'response'): BodyChild {
    const envelope = fs.readFileSync(path.join(SAMPLES_DIR, folder, `${kind}.xml`), 'utf8');
    expect(envelope).toContain(SOAP11_NS);
    const child = extractBodyChild(envelope);
    const operation = folder.split('__')[0];
    expect(child.namespace).toBe(NODE_FOR_PSP_NS);
    expect(localName(child.qname)).toBe(WRAPPERS[operation][kind]);
    // House style of the samples: nod: for what PSPs send, nfpsp: for what the node answers.
    expect(child.qname.split(':')[0]).toBe(kind === 'request' ? 'nod' : 'nfpsp');
    return child;
  }

  // libxml2 (the runtime validator) always runs, so a machine without Java still checks every sample.
  it.each(SAMPLE_FOLDERS.flatMap((folder) => (['request', 'response'] as const).map((kind) => ({ folder, kind }))))(
    '$folder $kind: valid for libxml2',
    async ({ folder, kind }) => {
      sampleChild(folder, kind);
      const envelope = fs.readFileSync(path.join(SAMPLES_DIR, folder, `${kind}.xml`), 'utf8');
      expect((await assertValidResponse(envelope)).element).toBe(WRAPPERS[folder.split('__')[0]][kind]);
    },
  );

  describeWith('java')('checked by Xerces', () => {
    it.concurrent.each(cases)(
      '$folder $kind: valid for $schema.name',
      async ({ folder, kind, schema }) => {
        const child = sampleChild(folder, kind);
        const verdict = await validate(child.xml, schema.xsd);
        expect(verdict).toEqual({ valid: true, messages: [] });
      },
      JVM_TIMEOUT_MS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Bodies both schemas must reject
// ---------------------------------------------------------------------------------------------

interface InvalidCase {
  name: string;
  xml: string;
  /** Must occur in the validator's messages: proves the body fails for the intended reason. */
  reason: string;
}

function invalidCases(): InvalidCase[] {
  const activate = sampleBody('activatePaymentNotice__ok', 'request.xml');
  const activateRes = sampleBody('activatePaymentNotice__ok', 'response.xml');
  const activateV2 = sampleBody('activatePaymentNoticeV2__ok', 'request.xml');
  const activateV2Res = sampleBody('activatePaymentNoticeV2__ok', 'response.xml');
  const outcome = sampleBody('sendPaymentOutcome__ok', 'request.xml');
  const outcomeV2 = sampleBody('sendPaymentOutcomeV2__ok', 'request.xml');

  const transferV1 = (id: number) => `<transfer>
          <idTransfer>${id}</idTransfer>
          <transferAmount>20.00</transferAmount>
          <fiscalCodePA>66666666666</fiscalCodePA>
          <IBAN>IT15V0760103200000012345678</IBAN>
          <remittanceInformation>quota ${id}</remittanceInformation>
        </transfer>`;
  const stamp = (id: number) =>
    `<marcaDaBollo><paymentToken>b41c0de5a9f24e7c8d3b6a1f0e2d4c97</paymentToken><idTransfer>${(id % 5) + 1}</idTransfer>` +
    `<MBDAttachment>PG1hcmNhRGFCb2xsbz48L21hcmNhRGFCb2xsbz4=</MBDAttachment></marcaDaBollo>`;
  const mapEntry = (i: number) => `<mapEntry><key>k${i}</key><value>v${i}</value></mapEntry>`;

  return [
    {
      name: 'noticeNumber of 17 digits',
      xml: edit(activate, '<noticeNumber>302110000000000201</noticeNumber>', '<noticeNumber>30211000000000020</noticeNumber>'),
      reason: "The value '30211000000000020' of element 'noticeNumber'",
    },
    {
      name: 'amount with one decimal (10.1)',
      xml: edit(activate, '<amount>120.00</amount>', '<amount>10.1</amount>'),
      reason: "The value '10.1' of element 'amount'",
    },
    {
      name: 'amount above 999999999.99',
      xml: edit(activate, '<amount>120.00</amount>', '<amount>8881234567.00</amount>'),
      reason: "The value '8881234567.00' of element 'amount'",
    },
    {
      name: 'password of 7 characters',
      xml: edit(activate, '<password>pwdpwdpwd</password>', '<password>pwdpwdp</password>'),
      reason: "The value 'pwdpwdp' of element 'password'",
    },
    {
      name: 'idempotencyKey with a 9-character suffix',
      xml: edit(activate, '60000000001_a1B2c3D4e5', '60000000001_a1B2c3D4e'),
      reason: "The value '60000000001_a1B2c3D4e' of element 'idempotencyKey'",
    },
    {
      name: 'expirationTime of 1800001 ms',
      xml: edit(activate, '<expirationTime>600000</expirationTime>', '<expirationTime>1800001</expirationTime>'),
      reason: "The value '1800001' of element 'expirationTime'",
    },
    {
      name: 'missing idPSP',
      xml: edit(activate, '<idPSP>60000000001</idPSP>', ''),
      reason: "starting with element 'idBrokerPSP'. One of '{idPSP}' is expected",
    },
    {
      name: 'elements out of order (amount before expirationTime)',
      xml: edit(activate, '<expirationTime>600000</expirationTime>\n      <amount>120.00</amount>', '<amount>120.00</amount>\n      <expirationTime>600000</expirationTime>'),
      reason: "starting with element 'expirationTime'",
    },
    {
      name: 'unknown element',
      xml: edit(activate, '<paymentNote>', '<channelNote>hello</channelNote>\n      <paymentNote>'),
      reason: "starting with element 'channelNote'",
    },
    {
      name: 'namespace-qualified child element',
      xml: edit(activate, '<idPSP>60000000001</idPSP>', '<nod:idPSP>60000000001</nod:idPSP>'),
      reason: `starting with element '{"${NODE_FOR_PSP_NS}":idPSP}'`,
    },
    {
      name: 'empty idChannel',
      xml: edit(activate, '<idChannel>60000000001_01</idChannel>', '<idChannel></idChannel>'),
      reason: "The value '' of element 'idChannel'",
    },
    {
      name: 'stText35 too long (payer city of 36 characters)',
      xml: edit(outcome, '<city>Roma</city>', `<city>${'R'.repeat(36)}</city>`),
      reason: "for type 'stText35'",
    },
    {
      name: 'paymentMethod outside stPaymentMethod',
      xml: edit(outcome, '<paymentMethod>creditCard</paymentMethod>', '<paymentMethod>debitCard</paymentMethod>'),
      reason: "The value 'debitCard' of element 'paymentMethod'",
    },
    {
      name: 'touchPoint outside stTouchpointFee (V2)',
      xml: edit(activateV2, '<touchPoint>CHECKOUT</touchPoint>', '<touchPoint>KIOSK</touchPoint>'),
      reason: "The value 'KIOSK' of element 'touchPoint'",
    },
    {
      name: 'idTransfer 6',
      xml: edit(activateRes, '<idTransfer>2</idTransfer>', '<idTransfer>6</idTransfer>'),
      reason: "The value '6' of element 'idTransfer'",
    },
    {
      name: 'six transfers',
      xml: edit(activateRes, '</transferList>', [3, 4, 5, 1].map(transferV1).join('\n        ') + '\n      </transferList>'),
      reason: "'transfer' can occur a maximum of '5' times",
    },
    {
      name: 'IBAN and richiestaMarcaDaBollo on the same V2 transfer',
      xml: edit(
        activateV2Res,
        '<IBAN>IT15V0760103200000012345678</IBAN>',
        '<IBAN>IT15V0760103200000012345678</IBAN><richiestaMarcaDaBollo><hashDocumento>AAAA</hashDocumento><tipoBollo>01</tipoBollo><provinciaResidenza>RM</provinciaResidenza></richiestaMarcaDaBollo>',
      ),
      reason: "starting with element 'richiestaMarcaDaBollo'",
    },
    {
      name: 'sixteen metadata entries',
      xml: edit(
        activateV2Res,
        '<key>servizio</key>',
        `<key>servizio</key><value>mensa</value></mapEntry>${Array.from({ length: 14 }, (_, i) => mapEntry(i)).join('')}<mapEntry><key>extra</key>`,
      ),
      reason: "'mapEntry' can occur a maximum of '15' times",
    },
    {
      name: 'six paymentTokens (V2)',
      xml: edit(outcomeV2, '</paymentTokens>', Array.from({ length: 4 }, (_, i) => `<paymentToken>token${i}</paymentToken>`).join('') + '</paymentTokens>'),
      reason: "'paymentToken' can occur a maximum of '5' times",
    },
    {
      name: '26 marcaDaBollo (V2)',
      xml: edit(outcomeV2, '</details>', `<marcheDaBollo>${Array.from({ length: 26 }, (_, i) => stamp(i)).join('')}</marcheDaBollo></details>`),
      reason: "'marcaDaBollo' can occur a maximum of '25' times",
    },
  ];
}

/** Xerces' messages, one per error, without blank lines. */
function errorLines(verdict: Verdict): string[] {
  return verdict.messages.map((line) => line.trim()).filter((line) => line.length > 0);
}

describeWith('java')('invalid bodies are rejected by every schema under test', () => {
  it.concurrent.each(invalidCases())(
    '$name',
    async ({ xml, reason }) => {
      const verdicts = await Promise.all(SCHEMAS.map((schema) => validate(xml, schema.xsd)));
      verdicts.forEach((verdict, i) => {
        expect({ schema: SCHEMAS[i].name, valid: verdict.valid }).toEqual({ schema: SCHEMAS[i].name, valid: false });
        expect(errorLines(verdict).join('\n')).toContain(reason);
      });
      // Same type names and facets on both sides, so the validator must complain in the same words.
      if (verdicts.length === 2) expect(errorLines(verdicts[0])).toEqual(errorLines(verdicts[1]));
    },
    JVM_TIMEOUT_MS,
  );
});
