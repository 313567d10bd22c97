import { XMLParser } from 'fast-xml-parser';

/**
 * Driving the mock EC in pagoPA mode (`/mock-ec`) as pagoPA's own tools do: postman's requests (prefix
 * `pafn`, SOAPActions such as `paVerifyPaymentNoticeReq`, `Content-Type: text/xml; charset=utf-8`) and the
 * raw-XML control API. Answers are read without regard to prefixes, as postman's checks do.
 */
export const PA_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const EC_TE = '77777777777';
export const MILANO = '01199250158';
export const BITETTO = '00939820726';
export const P1 = 'IT57N0760114800000011050036';
export const B1 = 'IT96R0123454321000000012345';
export const P2 = 'IT03E0760101600000000003236';
export const B2 = 'IT04O0100003245350008332100';
export const B3 = 'IT80E0306904013100000046039';
export const FAMILY_NUMBERS = Array.from({ length: 28 }, (_, i) => String(i).padStart(2, '0'));

/** postman's notice of family NN: 302NN000000001 (14 digits: pagoPA's mock does not check the length) */
export const postmanNotice = (nn: string) => `302${nn}000000001`;

export interface Answer {
  status: number;
  contentType: string | null;
  body: string;
  ms: number;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers }, body });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: text, ms: Date.now() - started };
}

export const envelope = (inner: string, ns = `xmlns:pafn="${PA_NS}"`) =>
  `<soapenv:Envelope xmlns:soapenv="${SOAP_NS}" ${ns}>\n  <soapenv:Header/>\n  <soapenv:Body>\n    ${inner}\n  </soapenv:Body>\n</soapenv:Envelope>`;

const head = (notice: string, fiscalCode = EC_TE) =>
  `<idPA>${EC_TE}</idPA><idBrokerPA>${EC_TE}</idBrokerPA><idStation>${EC_TE}_01</idStation><qrCode><fiscalCode>${fiscalCode}</fiscalCode><noticeNumber>${notice}</noticeNumber></qrCode>`;

export const verifyReq = (notice: string, fiscalCode?: string) => envelope(`<pafn:paVerifyPaymentNoticeReq>${head(notice, fiscalCode)}</pafn:paVerifyPaymentNoticeReq>`);
export const getPaymentReq = (notice: string) => envelope(`<pafn:paGetPaymentReq>${head(notice)}<amount>120.00</amount></pafn:paGetPaymentReq>`);
export const getPaymentV2Req = (notice: string) =>
  envelope(`<pafn:paGetPaymentV2Request>${head(notice)}<amount>120.00</amount><paymentNote>pagamentoTest</paymentNote></pafn:paGetPaymentV2Request>`);

/** postman's paSendRT: XSD-invalid on purpose (IBAN IT000…1, channel 00000000000_01, PSP AGID_01) */
export const sendRtReq = (notice: string, element = 'paSendRTReq') =>
  envelope(
    `<pafn:${element}><idPA>${EC_TE}</idPA><idBrokerPA>${EC_TE}</idBrokerPA><idStation>${EC_TE}_01</idStation><receipt>` +
      `<receiptId>c110729d258c4ab1b765fe902aae41d6</receiptId><noticeNumber>${notice}</noticeNumber><fiscalCode>${EC_TE}</fiscalCode><outcome>OK</outcome>` +
      `<creditorReferenceId>${notice.slice(1)}</creditorReferenceId><paymentAmount>120.00</paymentAmount><description>test</description><companyName>company EC</companyName>` +
      `<debtor><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>JHNDOE00A01F205N</entityUniqueIdentifierValue></uniqueIdentifier><fullName>John Doe</fullName></debtor>` +
      `<transferList><transfer><idTransfer>1</idTransfer><transferAmount>100.00</transferAmount><fiscalCodePA>${EC_TE}</fiscalCodePA><IBAN>IT00000000000000000000000001</IBAN><remittanceInformation>TARI</remittanceInformation><transferCategory>0101101IM</transferCategory></transfer>` +
      `<transfer><idTransfer>2</idTransfer><transferAmount>20.00</transferAmount><fiscalCodePA>${MILANO}</fiscalCodePA><IBAN>IT00000000000000000000000001</IBAN><remittanceInformation>TEFA</remittanceInformation><transferCategory>0201102IM</transferCategory></transfer></transferList>` +
      `<idPSP>AGID_01</idPSP><PSPCompanyName>AGID</PSPCompanyName><idChannel>00000000000_01</idChannel><channelDescription>app</channelDescription><paymentMethod>creditCard</paymentMethod>` +
      `</receipt></pafn:${element}>`,
  );

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  // 'Payment unknown' ends with six spaces
  trimValues: false,
  ignoreAttributes: true,
  isArray: (name) => name === 'transfer',
});

export interface Fault {
  faultCode: string;
  faultString: string;
  id: string;
  description?: string;
}

/** The Body child of an answer, prefixes dropped; `transfer` always an array. */
export function bodyChild(xml: string): { name: string; value: Record<string, any> } {
  const doc = parser.parse(xml) as Record<string, any>;
  const body = doc.Envelope?.Body as Record<string, any> | undefined;
  if (!body) throw new Error(`no soap Body in ${xml.slice(0, 300)}`);
  const [name, value] = Object.entries(body)[0]!;
  return { name, value: value as Record<string, any> };
}

export interface PaymentTransfer {
  idTransfer: string;
  transferAmount: string;
  fiscalCodePA: string;
  IBAN?: string;
  richiestaMarcaDaBollo?: { hashDocumento: string; tipoBollo: string; provinciaResidenza: string };
  remittanceInformation: string;
  transferCategory: string;
}

/** P = postal (ABI 07601 at characters 6–10), B = bank: the rule of pagoPA's postman checks. */
export const kindOf = (iban: string) => (iban.slice(5, 10) === '07601' ? 'P' : 'B');

/** pagoPA's control API of the mock under `base` (…/mock-ec). */
export function control(base: string, headers: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: string, type = 'application/xml') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': type } : {}), ...headers },
      ...(body !== undefined ? { body } : {}),
    });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  };
  return {
    call,
    push: (primitive: string, xml: string, query = '') => call('POST', `/response/${primitive}${query}`, xml),
    clear: (primitive?: string) => call('DELETE', `/response${primitive ? `/${primitive}` : ''}`),
    history: async (notice: string, primitive: string) => {
      const r = await call('GET', `/history/${notice}/${primitive}`);
      return { status: r.status, json: JSON.parse(r.text) as Record<string, any> };
    },
  };
}

/** A custom verify answer as postman's queue collection pushes it. */
export const customVerify = (amount: string, text: string, extra = '') =>
  `<soapenv:Envelope xmlns:soapenv="${SOAP_NS}" xmlns:paf="${PA_NS}"><soapenv:Header/><soapenv:Body><paf:paVerifyPaymentNoticeRes>${extra}<outcome>OK</outcome>` +
  `<paymentList><paymentOptionDescription><amount>${amount}</amount><options>EQ</options><dueDate>2021-12-31</dueDate><detailDescription>${text}</detailDescription><allCCP>true</allCCP></paymentOptionDescription></paymentList>` +
  `<paymentDescription>${text}</paymentDescription><fiscalCodePA>${EC_TE}</fiscalCodePA><companyName>companyName</companyName><officeName>officeName</officeName>` +
  `</paf:paVerifyPaymentNoticeRes></soapenv:Body></soapenv:Envelope>`;
