/**
 * The descriptors of verificaBollettino, nodoChiediCatalogoServiziV2 and the legacy operations in the
 * ws.pagamenti.telematici.gov namespace, in process: encode → XML → libxml2 → decode gives the original
 * back, the Body child is valid for the compiled gate (one validator per namespace), and the legacy
 * `risposta` style is written fault first, esito after, without outcome. Also the documents the catalogue
 * and informativa answers carry, built from a registry, checked for the content the schemas demand.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { catalogueDocument, catalogueEntries } from '../../src/nodo/catalogue';
import { informativaDocument, templateDocument } from '../../src/nodo/informativa';
import { Registry } from '../../src/nodo/registry';
import { readRegistryFile } from '../../src/nodo/registryFile';
import { parseEnvelope } from '../../src/soap/envelope';
import { loadLibXml, toObject } from '../../src/soap/libxml';
import { answerXml, decodeAnswer, requestXml, type Answer, type Operation } from '../../src/soap/operation';
import { nodoChiediCatalogoServiziV2Op } from '../../src/soap/operations/nodoChiediCatalogoServiziV2';
import { nodoChiediInformativaPAOp } from '../../src/soap/operations/nodoChiediInformativaPA';
import { nodoChiediTemplateInformativaPSPOp } from '../../src/soap/operations/nodoChiediTemplateInformativaPSP';
import { nodoInviaFlussoRendicontazioneOp } from '../../src/soap/operations/nodoInviaFlussoRendicontazione';
import { verificaBollettinoOp } from '../../src/soap/operations/verificaBollettino';
import { compileXsdGate, type XsdGate } from '../../src/soap/xsdGate';

const ROOT = path.resolve(__dirname, '../..');
const XSD = path.join(ROOT, 'xsd');
let gate: XsdGate;

beforeAll(async () => {
  await loadLibXml();
  // one gate for both namespaces, as the node compiles it
  gate = await compileXsdGate([path.join(XSD, 'nodeForPsp.xsd'), path.join(XSD, 'nodoPerPsp.xsd')]);
});

/** The Body child of an envelope: XSD-checked by the gate, then as its wire XML and as data. */
function body(xml: string, op: Operation<any, any>, element: string) {
  const parsed = parseEnvelope(xml);
  if (parsed.kind !== 'parsed') throw new Error(parsed.detail);
  try {
    expect(parsed.envelopeProblem).toBeUndefined();
    const el = parsed.bodyChild!;
    expect(el.name).toBe(element);
    expect(el.namespaceUri).toBe(op.iface.ns);
    expect(gate.check(el)).toBeUndefined();
    return toObject(el);
  } finally {
    parsed.doc.dispose();
  }
}

function roundTripRequest<Req, Res>(op: Operation<Req, Res>, req: Req): void {
  expect(op.request.codec.decode(body(requestXml(op, req), op, op.request.element))).toEqual(req);
}

function roundTripAnswer<Req, Res>(op: Operation<Req, Res>, a: Answer<Res>): string {
  const xml = answerXml(op, a);
  expect(decodeAnswer(op, body(xml, op, op.response.element))).toEqual(a);
  return xml;
}

const CREDS = { idPSP: 'POSTE3', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE3', password: 'pwdpwdpwd' };
const CREDENZIALI = { identificativoPSP: '60000000001', identificativoIntermediarioPSP: '60000000001', identificativoCanale: '60000000001_01', password: 'pwdpwdpwd' };
const KO: Answer<never> = {
  outcome: 'KO',
  fault: { faultCode: 'PPT_SEMANTICA', faultString: 'Errore semantico.', id: 'NodoDeiPagamentiSPC', description: 'Codifica non riconosciuta' },
};
const B64 = Buffer.from('<x/>').toString('base64');

describe('verificaBollettino', () => {
  it('request', () => roundTripRequest(verificaBollettinoOp, { ...CREDS, ccPost: '666666666666', noticeNumber: '302110000000000001' }));
  it('OK with every optional field, allCCP true', () => {
    roundTripAnswer(verificaBollettinoOp, {
      outcome: 'OK',
      value: {
        paymentBollettinoList: [{ amountCents: 1000, options: 'EQ', dueDate: '2030-01-31', paymentNote: 'TARI', allCCP: true }],
        paymentDescription: 'TARI 2030',
        fiscalCodePA: '66666666666',
        noticeNumber: '302110000000000001',
        companyName: 'Comune di Test',
        officeName: 'Tributi',
      },
    });
  });
  it('OK with the mandatory fields, allCCP false', () => {
    roundTripAnswer(verificaBollettinoOp, {
      outcome: 'OK',
      value: {
        paymentBollettinoList: [{ amountCents: 1, options: 'ANY', allCCP: false }],
        paymentDescription: 'd',
        fiscalCodePA: '66666666666',
        noticeNumber: '302110000000000001',
        companyName: 'c',
      },
    });
  });
  it('KO', () => {
    expect(roundTripAnswer(verificaBollettinoOp, KO)).toContain('<nfpsp:verificaBollettinoRes><outcome>KO</outcome><fault>');
  });
  it('journals the EC of the answer (the request names a postal account)', () =>
    expect(verificaBollettinoOp.answerKeys!({ fiscalCodePA: '66666666666' } as never)).toEqual({ fiscalCode: '66666666666' }));
});

describe('nodoChiediCatalogoServiziV2', () => {
  it('request without filters', () => roundTripRequest(nodoChiediCatalogoServiziV2Op, CREDENZIALI));
  it('request with every filter', () =>
    roundTripRequest(nodoChiediCatalogoServiziV2Op, { ...CREDENZIALI, identificativoDominio: '66666666666', categoria: 'Tributi', commissione: 'N' }));
  it('OK with and without the document', () => {
    roundTripAnswer(nodoChiediCatalogoServiziV2Op, { outcome: 'OK', value: { xmlCatalogoServizi: B64 } });
    roundTripAnswer(nodoChiediCatalogoServiziV2Op, { outcome: 'OK', value: {} });
  });
  it('KO', () => {
    expect(roundTripAnswer(nodoChiediCatalogoServiziV2Op, KO)).not.toContain('xmlCatalogoServizi');
  });
});

describe('legacy operations (risposta style)', () => {
  it('nodoChiediInformativaPA: request with and without the optional PSP and EC', () => {
    roundTripRequest(nodoChiediInformativaPAOp, { ...CREDENZIALI, identificativoDominio: '66666666666' });
    const { identificativoPSP: _psp, ...noPsp } = CREDENZIALI;
    roundTripRequest(nodoChiediInformativaPAOp, noPsp);
  });
  it('nodoChiediInformativaPA: OK is the payload alone, KO the fault alone', () => {
    expect(roundTripAnswer(nodoChiediInformativaPAOp, { outcome: 'OK', value: { xmlInformativa: B64 } })).toContain(
      `<ppt:nodoChiediInformativaPARisposta><xmlInformativa>${B64}</xmlInformativa></ppt:`,
    );
    expect(roundTripAnswer(nodoChiediInformativaPAOp, KO)).toMatch(/<ppt:nodoChiediInformativaPARisposta><fault><faultCode>PPT_SEMANTICA<\/faultCode>.*<\/fault><\/ppt:/);
  });
  it('nodoChiediTemplateInformativaPSP', () => {
    roundTripRequest(nodoChiediTemplateInformativaPSPOp, CREDENZIALI);
    roundTripAnswer(nodoChiediTemplateInformativaPSPOp, { outcome: 'OK', value: { xmlTemplateInformativa: B64 } });
    expect(roundTripAnswer(nodoChiediTemplateInformativaPSPOp, KO)).not.toContain('<outcome>');
  });
  it('nodoInviaFlussoRendicontazione: esito OK after nothing, esito KO after the fault', () => {
    roundTripRequest(nodoInviaFlussoRendicontazioneOp, {
      ...CREDENZIALI,
      identificativoDominio: '66666666666',
      identificativoFlusso: '2030-01-0160000000001-1',
      dataOraFlusso: '2030-01-01T10:00:00',
      xmlRendicontazione: B64,
    });
    expect(roundTripAnswer(nodoInviaFlussoRendicontazioneOp, { outcome: 'OK', value: {} })).toContain('<ppt:nodoInviaFlussoRendicontazioneRisposta><esito>OK</esito></ppt:');
    expect(roundTripAnswer(nodoInviaFlussoRendicontazioneOp, KO)).toMatch(/<ppt:nodoInviaFlussoRendicontazioneRisposta><fault>.*<\/fault><esito>KO<\/esito><\/ppt:/);
  });
  it('the gate refuses a legacy element it has no schema for, naming its namespace', () => {
    const parsed = parseEnvelope(
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x:nodoChiediInformativaPA xmlns:x="urn:other"/></soapenv:Body></soapenv:Envelope>',
    );
    if (parsed.kind !== 'parsed') throw new Error('unparsed');
    try {
      expect(gate.check(parsed.bodyChild!)).toContain('{urn:other}nodoChiediInformativaPA');
    } finally {
      parsed.doc.dispose();
    }
  });
});

describe('documents from the demo registry', () => {
  const reg = new Registry(readRegistryFile(path.join(ROOT, 'registry/demo.yaml')), 1);
  const now = new Date('2030-05-06T07:08:09.123Z');

  it('the catalogue leaves version-1 services out and lists nothing when no subject is left', () => {
    const all = catalogueEntries(reg, {});
    expect(all.map((e) => e.service.version)).not.toContain(1);
    expect(all.length).toBeGreaterThan(0);
    expect(catalogueDocument(reg, catalogueEntries(reg, { identificativoDominio: '00000000000' }))).toBeUndefined();
  });

  it('informativa: one informativaPSP per enabled PSP with an enabled channel, dates to the second without zone', () => {
    const xml = informativaDocument(reg, now);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><listaInformativePSP><informativaPSP>')).toBe(true);
    expect(xml).toContain('<dataPubblicazione>2030-05-06T07:08:09</dataPubblicazione>');
    expect(xml).toContain('<identificativoFlusso>60000000001_2030-05-06</identificativoFlusso>');
    expect(xml).not.toContain('<identificativoPSP>NOT_ENABLED</identificativoPSP>');
  });

  it('template: the PSP of the call, DA_COMPILARE where the registry has nothing', () => {
    const xml = templateDocument(reg, reg.psp('POSTE1')!, now);
    expect(xml).toContain('<identificativoPSP>POSTE1</identificativoPSP>');
    expect(xml).toContain('<codiceABI>DA_COMPILARE</codiceABI>');
    // POSTE1_ONUS is IMMEDIATO: model 0
    expect(xml).toMatch(/<identificativoCanale>POSTE1_ONUS<\/identificativoCanale><tipoVersamento>PO<\/tipoVersamento><modelloPagamento>0<\/modelloPagamento>/);
  });
});
