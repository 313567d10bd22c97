/**
 * Issue 13 §5: digital stamps (marca da bollo digitale) in sendPaymentOutcomeV2 (spec §3.5, §6.2, §8.8).
 *
 * - Each MBDAttachment must be the base64 of a stamp document valid against MarcaDaBollo.xsd, else
 *   PPT_SINTASSI_XSD "Errore validazione marca da bollo" (TEST MBD sendPaymentOutcomeV2_MBDSyntaxCheck).
 *   Embedded documents are syntax: the check comes before the registry and token checks (an unknown
 *   token, a wrong password still get the stamp fault) and its KO is never stored for idempotency.
 *   Text that is not base64 at all breaks the request's own XSD (xs:base64Binary): EXTRAXSD.
 * - A stamp must name one of the request's tokens and a transfer of its payment that asked for a stamp,
 *   once: else PPT_SEMANTICA "Check marca da bollo" (spec §6.3).
 * - A valid stamp is accepted and travels in the receipt (paSendRTV2 transfer MBDAttachment).
 * - Our xsd/MarcaDaBollo.xsd (+ xsd/xmldsig-core.xsd) accepts and refuses the same stamps as the official
 *   schema, by libxml2 (the run-time validator) and by Xerces.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { describeWith, narrowedWithout, REFERENCE_DIR } from '../helpers/crossChecks';
import { validateWithLibxml } from '../helpers/documentCheck';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { ECOMMERCE, NodeForPsp, credsXml, envelope, postSoap, type RawResponse } from '../helpers/soap';
import { INVALID_STAMPS, VALID_STAMPS, editedStamp, stampXml, toBase64 } from '../helpers/stamps';
import { stopXerces, validateWithXerces } from '../helpers/xerces';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, paForNode, publishNotice, receiptsOf, waitFor, writeRegistry } from '../receipts/helpers';

const ROOT = path.resolve(__dirname, '../..');
const OUR_XSD = path.join(ROOT, 'xsd/MarcaDaBollo.xsd');
const OFFICIAL_XSD = path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/MarcaDaBollo.xsd');

/** A station of our own (remote, V2, on the built-in mock EC), so the demo's segregation codes may change. */
const SEGREGATION = '58';
const STATION = `${EC}_58`;
const registry = () =>
  writeRegistry((doc) => {
    doc.stations.push({ stationCode: STATION, enabled: true, brokerCode: EC, password: 'pwdpwdpwd', primitiveVersion: 2, backend: { type: 'remote', url: '/mock-ec/v1' } });
    doc.stationCreditorInstitutions.push({ creditorInstitutionCode: EC, stationCode: STATION, auxDigit: 3, segregationCode: SEGREGATION });
  });

let counter = 0;
const freshNav = () => buildNoticeNumber(3, SEGREGATION, `9${String(Date.now() % 1e9).padStart(9, '0')}${String(++counter % 1000).padStart(3, '0')}`);

const UNKNOWN_TOKEN = 'f'.repeat(32);
const SYNTAX = ['PPT_SINTASSI_XSD', 'Errore di sintassi XSD.', 'Errore validazione marca da bollo'];
const SEMANTICS = ['PPT_SEMANTICA', 'Errore semantico.', 'Check marca da bollo'];

interface Stamp {
  token: string;
  idTransfer: number;
  /** the MBDAttachment text as sent */
  attachment: string;
}

/** sendPaymentOutcomeV2 written by hand: the MBDAttachment goes on the wire exactly as given (`<MBDAttachment/>` when empty). */
function outcomeV2Xml(tokens: string[], stamps: Stamp[], opts: { creds?: typeof ECOMMERCE; key?: string } = {}): string {
  const marche = stamps
    .map(
      (s) =>
        `<marcaDaBollo><paymentToken>${s.token}</paymentToken><idTransfer>${s.idTransfer}</idTransfer>` +
        (s.attachment ? `<MBDAttachment>${s.attachment}</MBDAttachment>` : '<MBDAttachment/>') +
        '</marcaDaBollo>',
    )
    .join('');
  return envelope(
    `<nod:sendPaymentOutcomeV2Request>${credsXml(opts.creds ?? ECOMMERCE)}` +
      (opts.key ? `<idempotencyKey>${opts.key}</idempotencyKey>` : '') +
      `<paymentTokens>${tokens.map((t) => `<paymentToken>${t}</paymentToken>`).join('')}</paymentTokens><outcome>OK</outcome>` +
      '<details><paymentMethod>creditCard</paymentMethod><paymentChannel>onLine</paymentChannel><fee>1.00</fee>' +
      '<applicationDate>2026-11-22</applicationDate><transferDate>2026-11-22</transferDate>' +
      (stamps.length ? `<marcheDaBollo>${marche}</marcheDaBollo>` : '') +
      '</details></nod:sendPaymentOutcomeV2Request>',
  );
}

const faultOf = (r: RawResponse) => [r.status, r.payload.outcome, r.payload.fault?.faultCode, r.payload.fault?.faultString, r.payload.fault?.description];

describe('stamps in sendPaymentOutcomeV2', () => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite`, args: ['--registry', registry()] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const send = (xml: string) => postSoap(server.soapUrl, xml, 'sendPaymentOutcomeV2');

  /** A published notice of 20.00 to an IBAN (transfer 1) + a 16.00 stamp (transfer 2), activated by the e-commerce PSP. */
  async function activatedStampNotice(): Promise<{ nav: string; token: string }> {
    const nav = freshNav();
    await publishNotice(server.baseUrl, nav, [{ cents: 2000 }, { cents: 1600, stamp: true }]);
    const a = await nodo.activateV2(nav, { amount: '36.00' }, ECOMMERCE);
    expect([a.result.outcome, a.result.fault]).toEqual(['OK', undefined]);
    return { nav, token: a.result.paymentToken as string };
  }

  it('a valid stamp is accepted and the receipt (paSendRTV2) carries it; wrong stamps before it were refused without touching the payment', async () => {
    const { nav, token } = await activatedStampNotice();
    const stamp = toBase64(stampXml());
    const other = await activatedStampNotice();

    // a stamp for a token the request does not close
    expect(faultOf(await send(outcomeV2Xml([token], [{ token: other.token, idTransfer: 2, attachment: stamp }])))).toEqual([200, 'KO', ...SEMANTICS]);
    // a stamp for the IBAN transfer, and for a transfer the payment does not have
    expect(faultOf(await send(outcomeV2Xml([token], [{ token, idTransfer: 1, attachment: stamp }])))).toEqual([200, 'KO', ...SEMANTICS]);
    expect(faultOf(await send(outcomeV2Xml([token], [{ token, idTransfer: 3, attachment: stamp }])))).toEqual([200, 'KO', ...SEMANTICS]);
    // the same transfer stamped twice
    const twice = outcomeV2Xml(
      [token],
      [
        { token, idTransfer: 2, attachment: stamp },
        { token, idTransfer: 2, attachment: toBase64(stampXml('99999999999999')) },
      ],
    );
    expect(faultOf(await send(twice))).toEqual([200, 'KO', ...SEMANTICS]);

    // the right stamp, sent indented over several lines as base64 encoders often write it
    const wrapped = stamp.replace(/.{76}/g, '$&\n');
    const ok = await send(outcomeV2Xml([token], [{ token, idTransfer: 2, attachment: wrapped }]));
    expect([ok.status, ok.payload.outcome, ok.payload.fault]).toEqual([200, 'OK', undefined]);

    const receipts = await waitFor(
      'receipt',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs.length === 1 && rs[0]!.status === 'NOTIFIED',
    );
    expect([receipts[0]!.stationCode, receipts[0]!.primitive]).toEqual([STATION, 'paSendRTV2']);
    const [sent] = await ec.history(nav, 'paSendRTV2');
    await assertValidEcMessage(sent!.request);
    const transfers = paForNode(sent!.request).body.receipt.transferList.transfer;
    // relayed as the PSP wrote it (line breaks included, which base64Binary allows)
    expect(transfers[1]).toMatchObject({ idTransfer: '2', transferAmount: '16.00', MBDAttachment: wrapped });
    expect(Buffer.from(transfers[1].MBDAttachment, 'base64').toString('utf8')).toBe(stampXml());
    expect(transfers[1].IBAN).toBeUndefined();
  });

  const SYNTAX_CASES: { name: string; attachment: string }[] = [
    { name: 'an empty <MBDAttachment/>', attachment: '' },
    { name: 'base64 of text that is not XML', attachment: toBase64('marca da bollo n. 01234567890123') },
    { name: 'base64 of XML that is not a stamp', attachment: toBase64('<marcaDaBollo>test</marcaDaBollo>') },
    { name: 'base64 of a stamp cut short', attachment: toBase64(stampXml().slice(0, 400)) },
    { name: 'base64 of a stamp with a DOCTYPE', attachment: toBase64(stampXml().replace('\n', '\n<!DOCTYPE marcaDaBollo [<!ENTITY x "16.00">]>\n')) },
    {
      name: 'base64 of a UTF-16 stamp with a DOCTYPE',
      attachment: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(stampXml().replace('UTF-8', 'UTF-16').replace('\n', '\n<!DOCTYPE marcaDaBollo SYSTEM "/etc/passwd">\n'), 'utf16le'),
      ]).toString('base64'),
    },
    { name: 'base64 of a stamp declaring an unknown encoding', attachment: toBase64(stampXml().replace('UTF-8', 'X-NO-SUCH-ENCODING')) },
    { name: 'base64 of binary noise', attachment: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)).toString('base64') },
    ...INVALID_STAMPS.map((s) => ({ name: `base64 of a stamp with ${s.name}`, attachment: toBase64(s.xml) })),
  ];

  it.each(SYNTAX_CASES)('$name: PPT_SINTASSI_XSD before the token check (unknown token)', async ({ attachment }) => {
    const r = await send(outcomeV2Xml([UNKNOWN_TOKEN], [{ token: UNKNOWN_TOKEN, idTransfer: 2, attachment }]));
    expect(faultOf(r)).toEqual([200, 'KO', ...SYNTAX]);
  });

  it('the check also comes before the registry checks (wrong password), and looks at every stamp, not only the first', async () => {
    const valid = toBase64(stampXml());
    const wrongPassword = { ...ECOMMERCE, password: 'wrongwrong' };
    expect(faultOf(await send(outcomeV2Xml([UNKNOWN_TOKEN], [{ token: UNKNOWN_TOKEN, idTransfer: 2, attachment: '' }], { creds: wrongPassword })))).toEqual([200, 'KO', ...SYNTAX]);
    // the same request with a valid stamp reaches the registry check
    expect(faultOf(await send(outcomeV2Xml([UNKNOWN_TOKEN], [{ token: UNKNOWN_TOKEN, idTransfer: 2, attachment: valid }], { creds: wrongPassword })))[2]).toBe(
      'PPT_AUTENTICAZIONE',
    );
    const second = outcomeV2Xml(
      [UNKNOWN_TOKEN],
      [
        { token: UNKNOWN_TOKEN, idTransfer: 2, attachment: valid },
        { token: UNKNOWN_TOKEN, idTransfer: 3, attachment: toBase64(editedStamp('<TipoBollo>01</TipoBollo>', '<TipoBollo>02</TipoBollo>')) },
      ],
    );
    expect(faultOf(await send(second))).toEqual([200, 'KO', ...SYNTAX]);
    // and with valid stamps only, the unknown token is what is wrong
    expect(faultOf(await send(outcomeV2Xml([UNKNOWN_TOKEN], [{ token: UNKNOWN_TOKEN, idTransfer: 2, attachment: valid }])))[2]).toBe('PPT_TOKEN_SCONOSCIUTO');
  });

  it.each([
    ['not base64!', 'the XSD gate'],
    // libxml2 skips characters outside the base64 alphabet, so these pass the gate: the stamp check says it instead
    ['AAAA!', 'the stamp check'],
    ['%%%%', 'the stamp check'],
    ['AB==', 'the XSD gate'],
  ])('MBDAttachment %j is not xs:base64Binary: PPT_SINTASSI_EXTRAXSD (from %s), before the token check', async (attachment) => {
    const r = await send(outcomeV2Xml([UNKNOWN_TOKEN], [{ token: UNKNOWN_TOKEN, idTransfer: 2, attachment }]));
    expect(faultOf(r)).toEqual([
      200,
      'KO',
      'PPT_SINTASSI_EXTRAXSD',
      'Errore di sintassi extra XSD.',
      `Element 'MBDAttachment': '${attachment}' is not a valid value of the atomic type 'xs:base64Binary'.`,
    ]);
  });

  it('a stamp syntax KO is not stored for idempotency: the same key with a valid stamp then pays', async () => {
    const { token } = await activatedStampNotice();
    const key = `${ECOMMERCE.idPSP}_${String(Date.now()).slice(-10)}`;
    const bad = await send(outcomeV2Xml([token], [{ token, idTransfer: 2, attachment: toBase64('<x/>') }], { key }));
    expect(faultOf(bad)).toEqual([200, 'KO', ...SYNTAX]);
    const good = await send(outcomeV2Xml([token], [{ token, idTransfer: 2, attachment: toBase64(stampXml()) }], { key }));
    expect([good.payload.outcome, good.payload.fault]).toEqual(['OK', undefined]);
  });
});

// ---- our schema against the official one -------------------------------------------------------------

const SCHEMAS: { name: string; xsd: string }[] = [{ name: 'ours', xsd: OUR_XSD }];
if (!narrowedWithout('reference', 'MarcaDaBollo.xsd')) SCHEMAS.push({ name: 'official', xsd: OFFICIAL_XSD });

describe('MarcaDaBollo.xsd: ours and the official one give the same verdicts (libxml2)', () => {
  it.each(VALID_STAMPS)('accept $name', async ({ xml }) => {
    for (const s of SCHEMAS) expect([s.name, await validateWithLibxml(xml, s.xsd)]).toEqual([s.name, { valid: true, messages: [] }]);
  });
  it.each(INVALID_STAMPS)('refuse $name', async ({ xml, base64 }) => {
    // libxml2 lets characters outside the base64 alphabet through xs:base64Binary: under it the official
    // schema accepts those stamps, ours (an explicit pattern) refuses them, as Xerces does with both
    for (const s of SCHEMAS) if (!base64 || s.name === 'ours') expect([s.name, (await validateWithLibxml(xml, s.xsd)).valid]).toEqual([s.name, false]);
  });
});

describeWith('java')('MarcaDaBollo.xsd: ours and the official one give the same verdicts (Xerces)', () => {
  afterAll(stopXerces);
  it.each(VALID_STAMPS)(
    'accept $name',
    async ({ xml }) => {
      for (const s of SCHEMAS) expect([s.name, await validateWithXerces(xml, s.xsd)]).toEqual([s.name, { valid: true, messages: [] }]);
    },
    60_000,
  );
  it.each(INVALID_STAMPS)(
    'refuse $name',
    async ({ xml, base64 }) => {
      const verdicts = [];
      for (const s of SCHEMAS) verdicts.push(await validateWithXerces(xml, s.xsd));
      verdicts.forEach((v, i) => expect([SCHEMAS[i]!.name, v.valid]).toEqual([SCHEMAS[i]!.name, false]));
      // same element names, types and facets: the validator words the first problem the same way (but for
      // base64 values, which our xmldsig-core.xsd checks with an explicit pattern, see the note there)
      if (verdicts.length === 2 && !base64) expect(verdicts[0]!.messages[0]).toEqual(verdicts[1]!.messages[0]);
    },
    60_000,
  );
});
