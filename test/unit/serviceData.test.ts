/**
 * The specific data of a spontaneous payment, in process: base64 → XML → the service's XSD → data
 * (src/soap/serviceData.ts), and what the demo tariff table reads from it (src/ec/serviceTariffs.ts).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { debtorOf, DEFAULT_TARIFF, tariffOf } from '../../src/ec/serviceTariffs';
import { loadLibXml } from '../../src/soap/libxml';
import { readServiceData, type ServiceDocument } from '../../src/soap/serviceData';

const DIR = path.resolve(__dirname, '../../xsd/catalogo-servizi');
const PASSPORT = path.join(DIR, 'A001_Passaporto_1_0_0.xsd');
const CAR_TAX = path.join(DIR, 'TassaAutomobilistica_1_1_0.xsd');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const passport = (holderCf: string) =>
  '<pp:pagamentoPratica xmlns:pp="http://PuntoAccessoPSP.spcoop.gov.it/pagamentoPratica"><pp:codicePratica>A001</pp:codicePratica>' +
  '<pp:pagatore><pp:codiceFiscalePagatore>RSSMRA80A01H501U</pp:codiceFiscalePagatore><pp:denominazionePagatore>Mario Rossi</pp:denominazionePagatore></pp:pagatore>' +
  `<pp:intestatario><pp:codiceFiscaleIntestatario>${holderCf}</pp:codiceFiscaleIntestatario><pp:denominazioneIntestatario>Ente Alfa</pp:denominazioneIntestatario></pp:intestatario></pp:pagamentoPratica>`;
const carTax = (type: string) =>
  `<ta:tassaAuto xmlns:ta="http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto"><ta:veicoloConTarga><ta:tipoVeicoloTarga>${type}</ta:tipoVeicoloTarga><ta:veicoloTarga>AB123CD</ta:veicoloTarga></ta:veicoloConTarga></ta:tassaAuto>`;

function read(xml: string, xsd = PASSPORT): ServiceDocument {
  const r = readServiceData(b64(xml), xsd);
  if (!r.ok) throw new Error(r.problem);
  return r.document;
}

beforeAll(async () => {
  await loadLibXml();
});

describe('readServiceData', () => {
  it('a valid document: its root and its data; base64 wrapped in lines is the same base64', () => {
    const wrapped = b64(passport('01234567890')).replace(/(.{60})/g, '$1\r\n ');
    const r = readServiceData(wrapped, PASSPORT);
    expect(r.ok && [r.document.rootName, r.document.namespaceUri]).toEqual(['pagamentoPratica', 'http://PuntoAccessoPSP.spcoop.gov.it/pagamentoPratica']);
  });
  it('each problem in its own words', () => {
    const problem = (base64: string, xsd = PASSPORT) => {
      const r = readServiceData(base64, xsd);
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem('  ')).toBe('datiSpecificiServizio is empty: it must be the base64 of an XML document');
    expect(problem('abc')).toBe('datiSpecificiServizio is not base64');
    expect(problem(b64('plain text'))).toMatch(/^datiSpecificiServizio is not an XML document: .*\(line 1, column \d+\)$/);
    expect(problem(b64('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>'))).toBe('datiSpecificiServizio: DOCTYPE and ENTITY declarations are not allowed');
    expect(problem(b64(carTax('3')), CAR_TAX)).toMatch(/^datiSpecificiServizio is not valid against TassaAutomobilistica_1_1_0\.xsd: .*tipoVeicoloTarga/);
    expect(problem(b64(carTax('1')), CAR_TAX)).toBe('ok');
  });
});

describe('the demo tariff table', () => {
  it('prices by what the document is', () => {
    expect(tariffOf(read(passport('01234567890'))).amountCents).toBe(11_600);
    expect(['1', '2', '4'].map((t) => tariffOf(read(carTax(t), CAR_TAX)).amountCents)).toEqual([15_000, 6_000, 3_000]);
    expect(tariffOf({ rootName: 'other', namespaceUri: 'urn:x', data: Object.create(null) })).toEqual(DEFAULT_TARIFF);
  });
  it('the debtor is the holder: G for an 11-digit code, F otherwise, ANONIMO when ctSubject cannot hold it; the vehicle for the car tax', () => {
    expect(debtorOf(read(passport('01234567890')))).toEqual({ entityUniqueIdentifierType: 'G', entityUniqueIdentifierValue: '01234567890', fullName: 'Ente Alfa' });
    expect(debtorOf(read(passport('rssgli05a41h501x'))).entityUniqueIdentifierValue).toBe('RSSGLI05A41H501X');
    expect(debtorOf(read(passport('X'.repeat(17)))).entityUniqueIdentifierValue).toBe('ANONIMO');
    expect(debtorOf(read(carTax('1'), CAR_TAX))).toEqual({ entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'ANONIMO', fullName: 'Intestatario veicolo AB123CD' });
  });
});
