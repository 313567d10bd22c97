/**
 * Every SOAP descriptor's round trip, in process (no server): encode → XML → parse with libxml2
 * (parseEnvelope, toObject) → decode gives back the original; the encoded Body child is valid against our
 * XSD (the compiled gate the pipeline uses). Requests and answers, optional fields present and absent,
 * and blank-padded values of collapsing types read as the XSD says.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../src/soap/envelope';
import { collapse, leafAt } from '../../src/soap/fields';
import { loadLibXml, toObject, type XmlObject } from '../../src/soap/libxml';
import { answerXml, decodeAnswer, requestXml, type Answer, type Operation } from '../../src/soap/operation';
import { NODE_FOR_PSP_OPERATIONS } from '../../src/soap/operations/nodeForPsp';
import { PA_FOR_NODE_OPERATIONS } from '../../src/soap/operations/paForNode';
import { activatePaymentNoticeOp } from '../../src/soap/operations/activatePaymentNotice';
import { activatePaymentNoticeV2Op } from '../../src/soap/operations/activatePaymentNoticeV2';
import { demandPaymentNoticeOp } from '../../src/soap/operations/demandPaymentNotice';
import { paDemandPaymentNoticeOp } from '../../src/soap/operations/paDemandPaymentNotice';
import { paGetPaymentsByDebtorOp } from '../../src/soap/operations/paGetPaymentsByDebtor';
import { sendPaymentOutcomeOp } from '../../src/soap/operations/sendPaymentOutcome';
import { sendPaymentOutcomeV2Op } from '../../src/soap/operations/sendPaymentOutcomeV2';
import { verifyPaymentNoticeOp } from '../../src/soap/operations/verifyPaymentNotice';
import { paGetPaymentOp, checkPaymentAnswer } from '../../src/soap/operations/paGetPayment';
import { paGetPaymentV2Op } from '../../src/soap/operations/paGetPaymentV2';
import { paSendRTOp, type PaReceipt } from '../../src/soap/operations/paSendRT';
import { paSendRTV2Op } from '../../src/soap/operations/paSendRTV2';
import { checkVerifyAnswer, paVerifyPaymentNoticeOp } from '../../src/soap/operations/paVerifyPaymentNotice';
import { compileXsdGate, type XsdGate } from '../../src/soap/xsdGate';

// src/soap/xsdGate.ts finds xsd/ from dist/; run from the sources, the path is given
const XSD = path.resolve(__dirname, '../../xsd');
import { EcFault, StationFailure } from '../../src/nodo/faults';
import type { Subject, Transfer } from '../../src/nodo/types';

let gates: Record<'nodeForPsp' | 'nodoPerPsp' | 'nodeForPa' | 'paForNode', XsdGate>;

beforeAll(async () => {
  await loadLibXml();
  gates = {
    nodeForPsp: await compileXsdGate(path.join(XSD, 'nodeForPsp.xsd')),
    nodoPerPsp: await compileXsdGate(path.join(XSD, 'nodoPerPsp.xsd')),
    nodeForPa: await compileXsdGate(path.join(XSD, 'nodeForPa.xsd')),
    paForNode: await compileXsdGate(path.join(XSD, 'paForNode.xsd')),
  };
});

/** The Body child of an envelope, XSD-checked, as data. */
function bodyOf(xml: string, op: Operation<never, never> | Operation<any, any>, element: string): XmlObject {
  const parsed = parseEnvelope(xml);
  if (parsed.kind !== 'parsed') throw new Error(parsed.detail);
  try {
    expect(parsed.envelopeProblem).toBeUndefined();
    const el = parsed.bodyChild!;
    expect(el.name).toBe(element);
    expect(el.namespaceUri).toBe(op.iface.ns);
    expect(gates[op.iface.name].check(el)).toBeUndefined();
    return toObject(el);
  } finally {
    parsed.doc.dispose();
  }
}

function roundTripRequest<Req, Res>(op: Operation<Req, Res>, req: Req): void {
  const o = bodyOf(requestXml(op, req), op, op.request.element);
  expect(op.request.codec.decode(o)).toEqual(req);
}

function roundTripAnswer<Req, Res>(op: Operation<Req, Res>, a: Answer<Res>): void {
  const o = bodyOf(answerXml(op, a), op, op.response.element);
  expect(decodeAnswer(op, o)).toEqual(a);
}

const CREDS = { idPSP: '60000000001', idBrokerPSP: '60000000001', idChannel: '60000000001_01', password: 'pwdpwdpwd' };
const QR = { fiscalCode: '66666666666', noticeNumber: '302110000000000001' };
const HEAD = { idPA: '66666666666', idBrokerPA: '66666666666', idStation: '66666666666_01' };
const SUBJECT: Subject = { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' };
const FULL_SUBJECT: Subject = {
  ...SUBJECT,
  streetName: 'Via Roma',
  civicNumber: '1',
  postalCode: '00100',
  city: 'Roma',
  stateProvinceRegion: 'RM',
  country: 'IT',
  email: 'mario@example.it',
};
const KO: Answer<never> = {
  outcome: 'KO',
  fault: { faultCode: 'PPT_TOKEN_SCONOSCIUTO', faultString: 'paymentToken sconosciuto.', id: 'NodoDeiPagamentiSPC', description: 'no such token' },
};
const TRANSFER_PSP: Transfer = {
  idTransfer: 1,
  transferAmountCents: 1000,
  fiscalCodePA: QR.fiscalCode,
  IBAN: 'IT60X0542811101000000123456',
  remittanceInformation: 'TARI',
  transferCategory: '',
};
const TRANSFER_V2: Transfer = { ...TRANSFER_PSP, companyName: 'Comune', transferCategory: '9/0101100IM/', metadata: [{ key: 'k', value: 'v' }] };
const STAMP_V2: Transfer = {
  idTransfer: 2,
  transferAmountCents: 1600,
  fiscalCodePA: QR.fiscalCode,
  richiestaMarcaDaBollo: { hashDocumento: 'aGFzaA==', tipoBollo: '01', provinciaResidenza: 'RM' },
  remittanceInformation: 'bollo',
  transferCategory: '9/0101100IM/',
};

describe('interface indexes', () => {
  it('key every nodeForPsp entry by its descriptor name, request elements unique', () => {
    for (const [k, b] of Object.entries(NODE_FOR_PSP_OPERATIONS)) expect(b.op.name).toBe(k);
    expect(new Set(Object.values(NODE_FOR_PSP_OPERATIONS).map((b) => b.op.request.element)).size).toBe(Object.keys(NODE_FOR_PSP_OPERATIONS).length);
  });
  it('key every paForNode entry by its descriptor name', () => {
    for (const [k, op] of Object.entries(PA_FOR_NODE_OPERATIONS)) expect(op.name).toBe(k);
  });
});

describe('nodeForPsp requests', () => {
  it('verifyPaymentNotice', () => roundTripRequest(verifyPaymentNoticeOp, { ...CREDS, qrCode: QR }));
  it('activatePaymentNotice, mandatory fields only', () => roundTripRequest(activatePaymentNoticeOp, { ...CREDS, qrCode: QR, amountCents: 1000 }));
  it('activatePaymentNotice, every optional field', () =>
    roundTripRequest(activatePaymentNoticeOp, {
      ...CREDS,
      idempotencyKey: '60000000001_abcdefghij',
      qrCode: QR,
      expirationTime: 60000,
      amountCents: 123456,
      dueDate: '2030-01-31',
      paymentNote: 'nota',
    }));
  it('activatePaymentNoticeV2 with fee inputs', () =>
    roundTripRequest(activatePaymentNoticeV2Op, { ...CREDS, qrCode: QR, amountCents: 1, paymentMethod: 'CP', touchPoint: 'CHECKOUT' }));
  it('sendPaymentOutcome without details', () => roundTripRequest(sendPaymentOutcomeOp, { ...CREDS, paymentToken: 'a'.repeat(32), outcome: 'KO' }));
  it('sendPaymentOutcome with details and payer', () =>
    roundTripRequest(sendPaymentOutcomeOp, {
      ...CREDS,
      idempotencyKey: '60000000001_abcdefghij',
      paymentToken: 'a'.repeat(32),
      outcome: 'OK',
      details: { paymentMethod: 'creditCard', paymentChannel: 'app', feeCents: 100, payer: FULL_SUBJECT, applicationDate: '2026-11-22', transferDate: '2026-11-23' },
    }));
  it('sendPaymentOutcomeV2 with several tokens, V2 details and stamps', () =>
    roundTripRequest(sendPaymentOutcomeV2Op, {
      ...CREDS,
      paymentTokens: ['a'.repeat(32), 'b'.repeat(32)],
      outcome: 'OK',
      details: {
        paymentMethod: 'other',
        feeCents: 0,
        primaryCiIncurredFeeCents: 50,
        idBundle: 'b1',
        idCiBundle: 'c1',
        applicationDate: '2026-11-22',
        transferDate: '2026-11-23',
        marcheDaBollo: [{ paymentToken: 'a'.repeat(32), idTransfer: 2, MBDAttachment: 'aGFzaA==' }],
      },
    }));
  it('paGetPaymentsByDebtor with every filter', () =>
    roundTripRequest(paGetPaymentsByDebtorOp, {
      ...CREDS,
      debtor: { entityUniqueIdentifierType: 'G', entityUniqueIdentifierValue: '01234567890' },
      fiscalCodePA: QR.fiscalCode,
      dueDateFrom: '2030-01-01',
      status: 'ALL',
      limit: 10,
      page: 2,
    }));
});

describe('nodeForPsp answers', () => {
  it('verifyPaymentNotice OK, optional fields absent', () =>
    roundTripAnswer(verifyPaymentNoticeOp, {
      outcome: 'OK',
      value: { paymentList: [{ amountCents: 1000, options: 'EQ' }], paymentDescription: 'TARI', fiscalCodePA: QR.fiscalCode, companyName: 'Comune' },
    }));
  it('verifyPaymentNotice OK, every optional field', () =>
    roundTripAnswer(verifyPaymentNoticeOp, {
      outcome: 'OK',
      value: {
        paymentList: [{ amountCents: 1000, options: 'EQ', dueDate: '2030-01-31', paymentNote: 'n' }],
        paymentDescription: 'TARI',
        fiscalCodePA: QR.fiscalCode,
        companyName: 'Comune',
        officeName: 'Tributi',
        standin: true,
      },
    }));
  it('verifyPaymentNotice KO with a fault bean', () => roundTripAnswer(verifyPaymentNoticeOp, KO));
  it('activatePaymentNotice OK with V1 transfers', () =>
    roundTripAnswer(activatePaymentNoticeOp, {
      outcome: 'OK',
      value: {
        totalAmountCents: 1000,
        paymentDescription: 'TARI',
        fiscalCodePA: QR.fiscalCode,
        companyName: 'Comune',
        paymentToken: 'a'.repeat(32),
        transferList: [TRANSFER_PSP],
        creditorReferenceId: '02000000000000001',
      },
    }));
  it('activatePaymentNoticeV2 OK with a stamp transfer and metadata', () =>
    roundTripAnswer(activatePaymentNoticeV2Op, {
      outcome: 'OK',
      value: {
        totalAmountCents: 2600,
        paymentDescription: 'TARI',
        fiscalCodePA: QR.fiscalCode,
        companyName: 'Comune',
        officeName: 'Tributi',
        paymentToken: 'a'.repeat(32),
        transferList: [TRANSFER_V2, STAMP_V2],
        metadata: [{ key: 'a', value: 'b' }],
        creditorReferenceId: '02000000000000001',
        standin: true,
      },
    }));
  it('sendPaymentOutcome(V2) OK and KO', () => {
    roundTripAnswer(sendPaymentOutcomeOp, { outcome: 'OK', value: {} });
    roundTripAnswer(sendPaymentOutcomeV2Op, KO);
  });
  it('paGetPaymentsByDebtor OK with a position', () =>
    roundTripAnswer(paGetPaymentsByDebtorOp, {
      outcome: 'OK',
      value: {
        pageInfo: { page: 0, limit: 50, itemsFound: 1, totalPages: 1 },
        positions: [
          {
            fiscalCodePA: QR.fiscalCode,
            companyName: 'Comune',
            debtor: FULL_SUBJECT,
            status: 'VALID',
            paymentOptions: [
              {
                description: 'TARI',
                numberOfInstallments: 1,
                amountCents: 1000,
                dueDate: '2030-01-31',
                isPartialPayment: false,
                installments: [
                  { noticeNumber: QR.noticeNumber, creditorReferenceId: '02000000000000001', amountCents: 1000, description: 'TARI', dueDate: '2030-01-31', status: 'PO_UNPAID' },
                ],
              },
            ],
          },
        ],
      },
    }));
  it('paGetPaymentsByDebtor OK with nothing found', () =>
    roundTripAnswer(paGetPaymentsByDebtorOp, { outcome: 'OK', value: { pageInfo: { page: 0, limit: 50, itemsFound: 0, totalPages: 0 }, positions: [] } }));
});

const PAYMENT = {
  creditorReferenceId: '02000000000000001',
  paymentAmountCents: 1000,
  dueDate: '2030-01-31',
  description: 'TARI',
  companyName: 'Comune',
  debtor: SUBJECT,
  transfers: [{ ...TRANSFER_PSP, transferCategory: '9/0101100IM/' }],
};

describe('paForNode requests', () => {
  it('paVerifyPaymentNotice', () => roundTripRequest(paVerifyPaymentNoticeOp, { ...HEAD, qrCode: QR }));
  it('paGetPayment, qrCode only', () => roundTripRequest(paGetPaymentOp, { ...HEAD, qrCode: QR }));
  it('paGetPaymentV2, every optional field', () =>
    roundTripRequest(paGetPaymentV2Op, { ...HEAD, qrCode: QR, amountCents: 1000, paymentNote: 'cart', transferType: 'POSTAL', dueDate: '2030-01-31' }));
  const receipt: PaReceipt = {
    receiptId: 'a'.repeat(32),
    noticeNumber: QR.noticeNumber,
    fiscalCode: QR.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: '02000000000000001',
    paymentAmountCents: 1000,
    description: 'TARI',
    companyName: 'Comune',
    debtor: SUBJECT,
    transfers: [{ ...TRANSFER_PSP, transferCategory: '9/0101100IM/' }],
    idPSP: CREDS.idPSP,
    PSPCompanyName: 'Banca',
    idChannel: CREDS.idChannel,
    channelDescription: 'app',
    paymentDateTime: '2026-11-22T10:15:00.000Z',
  };
  it('paSendRT, mandatory receipt fields', () => roundTripRequest(paSendRTOp, { ...HEAD, receipt }));
  it('paSendRTV2, every optional field and an issued stamp', () =>
    roundTripRequest(paSendRTV2Op, {
      ...HEAD,
      receipt: {
        ...receipt,
        officeName: 'Tributi',
        transfers: [
          { ...TRANSFER_V2 },
          { idTransfer: 2, transferAmountCents: 1600, fiscalCodePA: QR.fiscalCode, MBDAttachment: 'aGFzaA==', remittanceInformation: 'bollo', transferCategory: '9/0101100IM/' },
        ],
        pspFiscalCode: 'CF',
        pspPartitaIVA: '01234567890',
        payer: FULL_SUBJECT,
        paymentMethod: 'creditCard',
        paymentNote: 'nota',
        feeCents: 100,
        primaryCiIncurredFeeCents: 10,
        idBundle: 'b',
        idCiBundle: 'c',
        applicationDate: '2026-11-22',
        transferDate: '2026-11-23',
        metadata: [{ key: 'k', value: 'v' }],
        standIn: true,
      },
    }));
  it('paSendRT (V1) leaves the V2-only fields out, still XSD-valid', () => {
    const xml = requestXml(paSendRTOp, { ...HEAD, receipt: { ...receipt, paymentNote: 'nota', idBundle: 'b', primaryCiIncurredFeeCents: 10 } });
    const o = bodyOf(xml, paSendRTOp, 'paSendRTReq');
    expect(paSendRTOp.request.codec.decode(o).receipt).toEqual(receipt);
  });
});

describe('paForNode answers and their checks', () => {
  const verifyOk = {
    outcome: 'OK' as const,
    value: { paymentList: [{ amountCents: 1000, options: 'EQ' as const, allCCP: false }], paymentDescription: 'TARI', fiscalCodePA: QR.fiscalCode, companyName: 'Comune' },
  };
  it('paVerifyPaymentNotice OK and KO', () => {
    roundTripAnswer(paVerifyPaymentNoticeOp, verifyOk);
    roundTripAnswer(paVerifyPaymentNoticeOp, {
      outcome: 'OK',
      value: { ...verifyOk.value, paymentList: [{ amountCents: 1, options: 'ANY', dueDate: '2030-01-31', detailDescription: 'd', allCCP: true }], officeName: 'o' },
    });
    roundTripAnswer(paVerifyPaymentNoticeOp, {
      outcome: 'KO',
      fault: { faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', faultString: 'Pagamento in attesa risulta sconosciuto', id: QR.fiscalCode },
    });
  });
  it('paGetPayment V1 OK without companyName, V2 OK with a stamp, both KO', () => {
    const { companyName: _c, ...v1 } = PAYMENT;
    roundTripAnswer(paGetPaymentOp, {
      outcome: 'OK',
      value: { data: { ...v1, retentionDate: '2030-01-31T23:59:59', lastPayment: true, officeName: 'o', metadata: [{ key: 'k', value: 'v' }] } },
    });
    roundTripAnswer(paGetPaymentV2Op, { outcome: 'OK', value: { data: { ...PAYMENT, transfers: [TRANSFER_V2, STAMP_V2], paymentAmountCents: 2600 } } });
    roundTripAnswer(paGetPaymentV2Op, KO);
  });
  it('paSendRT(V2) OK and KO', () => {
    roundTripAnswer(paSendRTOp, { outcome: 'OK', value: {} });
    roundTripAnswer(paSendRTV2Op, { outcome: 'KO', fault: { faultCode: 'PAA_RECEIPT_DUPLICATA', faultString: 'duplicata', id: QR.fiscalCode } });
  });
  it('a verify KO is the EC fault, a KO without fault no answer, an OK without data incomplete', () => {
    expect(() => checkVerifyAnswer({ outcome: 'KO', fault: { faultCode: 'PAA_X', faultString: 'x', id: 'y' } }, QR.fiscalCode)).toThrow(EcFault);
    expect(() => checkVerifyAnswer({ outcome: 'KO', fault: { faultCode: '', faultString: '', id: '' } }, QR.fiscalCode)).toThrow(StationFailure);
    expect(() => checkVerifyAnswer({ outcome: 'OK', value: {} }, QR.fiscalCode)).toThrow(/outcome OK without paymentList, paymentDescription, fiscalCodePA, companyName/);
    expect(checkVerifyAnswer(verifyOk, QR.fiscalCode)).toEqual({
      amountCents: 1000,
      options: 'EQ',
      allCCP: false,
      paymentDescription: 'TARI',
      fiscalCodePA: QR.fiscalCode,
      companyName: 'Comune',
    });
  });
  it('a payment whose transfers do not add up is PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', () => {
    const registry = { creditorInstitution: () => ({ enabled: true }), isIbanRegistered: () => true } as never;
    const call = { fiscalCode: QR.fiscalCode, noticeNumber: QR.noticeNumber, ec: { ec: { businessName: 'Comune' } } } as never;
    expect(() => checkPaymentAnswer({ outcome: 'OK', value: { data: { ...PAYMENT, paymentAmountCents: 999 } } }, 'paGetPaymentRes', call, registry)).toThrow(
      /not the sum of the transferAmounts/,
    );
    expect(checkPaymentAnswer({ outcome: 'OK', value: { data: PAYMENT } }, 'paGetPaymentRes', call, registry).paymentAmountCents).toBe(1000);
  });
});

describe('whitespace facets at the readers', () => {
  const ws = (xml: string, op: Operation<any, any>) => {
    const parsed = parseEnvelope(xml);
    if (parsed.kind !== 'parsed') throw new Error(parsed.detail);
    try {
      expect(gates[op.iface.name].check(parsed.bodyChild!)).toBeUndefined();
      return op.request.codec.decode(toObject(parsed.bodyChild!));
    } finally {
      parsed.doc.dispose();
    }
  };
  it('collapse trims only XML blanks at the edges', () => {
    expect(collapse(' 10.00\n')).toBe('10.00');
    expect(collapse('\r\n\t1.00 ')).toBe('1.00');
    expect(collapse('10.00')).toBe('10.00');
    expect(collapse('\u00a010.00')).toBe('\u00a010.00');
    expect(collapse('')).toBe('');
  });
  it('reads blank-padded amount and expirationTime of an activation', () => {
    const xml = requestXml(activatePaymentNoticeOp, { ...CREDS, qrCode: QR, amountCents: 1000, expirationTime: 60000 })
      .replace('<amount>10.00</amount>', '<amount> 10.00\n</amount>')
      .replace('<expirationTime>60000</expirationTime>', '<expirationTime>\t60000 </expirationTime>');
    expect(ws(xml, activatePaymentNoticeOp)).toMatchObject({ amountCents: 1000, expirationTime: 60000 });
  });
  it('reads a blank-padded fee, keeps a string field as written', () => {
    const xml = requestXml(sendPaymentOutcomeOp, {
      ...CREDS,
      paymentToken: 'a'.repeat(32),
      outcome: 'OK',
      details: { paymentMethod: 'cash', feeCents: 100, applicationDate: '2026-11-22', transferDate: '2026-11-23', payer: { ...SUBJECT, city: ' Roma ' } },
    }).replace('<fee>1.00</fee>', '<fee>\r\n1.00</fee>');
    const req = ws(xml, sendPaymentOutcomeOp);
    expect(req.details.feeCents).toBe(100);
    expect(req.details.payer.city).toBe(' Roma ');
  });
  it('reads a blank-padded allCCP (xs:boolean) and transferAmount of EC answers', () => {
    const parsed = parseEnvelope(
      answerXml(paVerifyPaymentNoticeOp, {
        outcome: 'OK',
        value: { paymentList: [{ amountCents: 1000, options: 'EQ', allCCP: true }], paymentDescription: 'd', fiscalCodePA: QR.fiscalCode, companyName: 'c' },
      })
        .replace('<allCCP>true</allCCP>', '<allCCP> true\n</allCCP>')
        .replace('<amount>10.00</amount>', '<amount>\t10.00</amount>'),
    );
    if (parsed.kind !== 'parsed') throw new Error(parsed.detail);
    try {
      expect(gates.paForNode.check(parsed.bodyChild!)).toBeUndefined();
      const a = decodeAnswer(paVerifyPaymentNoticeOp, toObject(parsed.bodyChild!));
      expect(a.outcome === 'OK' && a.value.paymentList![0]).toEqual({ amountCents: 1000, options: 'EQ', allCCP: true });
    } finally {
      parsed.doc.dispose();
    }
  });
  it('an empty <status/>, <limit/>, <page/> of paGetPaymentsByDebtor are the XSD defaults', () => {
    const xml = requestXml(paGetPaymentsByDebtorOp, {
      ...CREDS,
      debtor: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U' },
      status: 'ALL',
      limit: 3,
      page: 1,
    })
      .replace('<status>ALL</status>', '<status/>')
      .replace('<limit>3</limit>', '<limit></limit>')
      .replace('<page>1</page>', '<page/>');
    expect(ws(xml, paGetPaymentsByDebtorOp)).toMatchObject({ status: 'UNPAID', limit: 50, page: 0 });
  });
});

describe('journal keys', () => {
  it('are read leniently by path: text only, own properties only', () => {
    const o: XmlObject = { qrCode: [{ fiscalCode: ['66666666666'], noticeNumber: [{ nested: ['x'] }] }], idPSP: ['p'] };
    expect(leafAt(o, ['qrCode', 'fiscalCode'])).toBe('66666666666');
    expect(leafAt(o, ['qrCode', 'noticeNumber'])).toBeUndefined();
    expect(leafAt(o, ['idPSP', 'x'])).toBeUndefined();
    expect(leafAt(o, ['constructor'])).toBeUndefined();
    expect(leafAt(undefined, ['idPSP'])).toBeUndefined();
  });
  it('of every nodeForPsp request name elements that exist in its XSD sequence', () => {
    // the catalogue and the legacy operations name the credentials in Italian
    for (const b of Object.values(NODE_FOR_PSP_OPERATIONS)) expect(b.op.keys.idPSP).toEqual([b.op.request.element.startsWith('nodo') ? 'identificativoPSP' : 'idPSP']);
    expect(sendPaymentOutcomeV2Op.keys.token).toEqual(['paymentTokens', 'paymentToken']);
    expect(activatePaymentNoticeOp.answerKeys!({ paymentToken: 't', pendingNotices: { count: 2, totalCents: 300 } } as never)).toEqual({
      token: 't',
      debtorOpenNotices: 2,
      debtorOpenAmountCents: 300,
    });
  });
});

describe('spontaneous payments: demandPaymentNotice and paDemandPaymentNotice', () => {
  const OPTION = { amountCents: 11600, options: 'EQ' as const, dueDate: '2030-01-31', detailDescription: 'Passaporto', allCCP: false };
  it('demandPaymentNotice request and answer', () => {
    roundTripRequest(demandPaymentNoticeOp, { ...CREDS, idSoggettoServizio: '00001', datiSpecificiServizio: 'PHg+PC94Pg==' });
    roundTripAnswer(demandPaymentNoticeOp, {
      outcome: 'OK',
      value: {
        qrCode: QR,
        paymentList: [{ amountCents: 11600, options: 'EQ', dueDate: '2030-01-31', paymentNote: 'Passaporto' }],
        paymentDescription: 'Passaporto',
        fiscalCodePA: QR.fiscalCode,
        companyName: 'Comune',
        officeName: 'Ufficio',
      },
    });
    roundTripAnswer(demandPaymentNoticeOp, KO);
  });
  it('paDemandPaymentNotice request and answer, every payload element optional', () => {
    roundTripRequest(paDemandPaymentNoticeOp, { ...HEAD, idServizio: '00001', idSoggettoServizio: '00001', datiSpecificiServizioRequest: 'PHg+PC94Pg==' });
    roundTripAnswer(paDemandPaymentNoticeOp, {
      outcome: 'OK',
      value: { qrCode: QR, paymentList: [OPTION], paymentDescription: 'Passaporto', fiscalCodePA: QR.fiscalCode, companyName: 'Comune' },
    });
    roundTripAnswer(paDemandPaymentNoticeOp, { outcome: 'OK', value: {} });
    roundTripAnswer(paDemandPaymentNoticeOp, KO);
  });
});
