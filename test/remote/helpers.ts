import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { parse } from 'yaml';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import type { RegistryDocument } from '../../src/nodo/registryModel';
import { ROOT } from '../helpers/server';
import { PSP, PSP_V2, type NodeForPsp, type SoapResult } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';

export const EC = '66666666666';
export const EC_BROKER = '66666666666';
export const IBAN = 'IT45R0760103200000000001016';
export const IBAN_B = 'IT30N0103076271000001823603';
export const EC2 = '88888888888';
export const IBAN2 = 'IT57N0760114800000011050036';
export const GPD = '/gpd/debt-positions-service/v1';

/** Broker 97735020584 has extendedFaultBean: the test registry lets PSP 60000000001 use its channel. */
export const PSP_EXT = { ...PSP, idBrokerPSP: '97735020584', idChannel: '97735020584_03' };
/** channel 60000000001_08 has flagStandIn, 60000000001_01 has not */
export { PSP, PSP_V2 };

/** How long the test stations wait for the mock EC before PPT_STAZIONE_INT_PA_TIMEOUT. */
// short enough for the timeout cases to end quickly, long enough for a loaded machine's normal answers
export const SHORT_TIMEOUT_MS = 1200;

/**
 * Remote stations of the test registry (EC 66666666666, broker 66666666666, all aux digit 3), by
 * segregation code. `timeouts` short so that the mock EC's "timeout" override ends quickly.
 */
export const STATIONS = {
  /** V2 on the built-in mock EC, Stand-In allowed */
  v2: { code: '66666666666_13', seg: '13' },
  /** V1 on the built-in mock EC, Stand-In allowed */
  v1: { code: '66666666666_14', seg: '14' },
  /** V2 on the built-in mock EC, Stand-In NOT allowed */
  v2NoStandIn: { code: '66666666666_15', seg: '15' },
  /** V2 where nothing listens, Stand-In allowed */
  downV2: { code: '66666666666_30', seg: '30' },
  /** V1 where nothing listens */
  downV1: { code: '66666666666_31', seg: '31' },
  /** V2 on the standalone mock EC process (only when its URL is given) */
  standalone: { code: '66666666666_23', seg: '23' },
} as const;
export type StationKey = keyof typeof STATIONS;

/**
 * The demo registry plus the test stations above, and PSP 60000000001 allowed on the channel of the
 * extended-fault-bean broker. Written as JSON into `dir`; returns the file for `--registry`.
 */
export function writeRegistry(dir: string, opts: { standaloneUrl?: string; unreachableUrl?: string } = {}): string {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8')) as RegistryDocument;
  const short = { verifyMs: SHORT_TIMEOUT_MS, getPaymentMs: SHORT_TIMEOUT_MS };
  const nowhere = opts.unreachableUrl ?? 'http://127.0.0.1:1/paForNode';
  const station = (code: string, primitiveVersion: 1 | 2, url: string, flagStandIn: boolean) => ({
    stationCode: code,
    enabled: true,
    brokerCode: EC_BROKER,
    password: 'pwdpwdpwd',
    primitiveVersion,
    flagStandIn,
    backend: { type: 'remote' as const, url, timeouts: short },
  });
  doc.stations.push(
    station(STATIONS.v2.code, 2, '/mock-ec/v1', true),
    station(STATIONS.v1.code, 1, '/mock-ec/v1', true),
    station(STATIONS.v2NoStandIn.code, 2, '/mock-ec/v1', false),
    station(STATIONS.downV2.code, 2, nowhere, true),
    station(STATIONS.downV1.code, 1, nowhere, true),
  );
  if (opts.standaloneUrl) doc.stations.push(station(STATIONS.standalone.code, 2, opts.standaloneUrl, true));
  for (const s of Object.values(STATIONS)) {
    if (s.code === STATIONS.standalone.code && !opts.standaloneUrl) continue;
    doc.stationCreditorInstitutions.push({ creditorInstitutionCode: EC, stationCode: s.code, auxDigit: 3, segregationCode: s.seg });
  }
  doc.pspChannels.push({ pspCode: PSP.idPSP, channelCode: PSP_EXT.idChannel, paymentType: 'PO' });
  const file = path.join(dir, 'registry.json');
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

let counter = 0;
/** A fresh notice number on a segregation code: aux 3, base13 starting with 5 (demo notices start with 0). */
export function navOnSegregation(seg: string): string {
  counter = (counter + 1) % 1000;
  const base = `5${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(3, '0')}`;
  return buildNoticeNumber(3, seg, base);
}

/** A fresh notice number of a test station. */
export function freshNav(station: StationKey): string {
  return navOnSegregation(STATIONS[station].seg);
}

export interface NoticeSpec {
  /** cents per transfer; the option's amount is their sum */
  transfers?: { cents: number; ec?: string; iban: string }[];
  payStandIn?: boolean;
  description?: string;
}

/** Publishes a VALID position with one option on `nav` through the GPD API (what the mock EC serves). */
export async function publishNotice(baseUrl: string, nav: string, spec: NoticeSpec = {}): Promise<{ nav: string; amountCents: number }> {
  const transfers = spec.transfers ?? [{ cents: 12050, iban: IBAN }];
  const amountCents = transfers.reduce((s, t) => s + t.cents, 0);
  const iupd = `REMOTE-${nav}`;
  const body = {
    iupd,
    type: 'F',
    fiscalCode: 'RSSMRA80A01H501U',
    fullName: 'Mario Rossi',
    email: 'mario.rossi@example.org',
    switchToExpired: false,
    companyName: 'Comune di Test',
    officeName: 'Ufficio Tributi',
    payStandIn: spec.payStandIn ?? true,
    paymentOption: [
      {
        nav,
        iuv: nav.slice(1),
        amount: amountCents,
        description: spec.description ?? `Avviso ${nav}`,
        isPartialPayment: false,
        dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        transfer: transfers.map((t, i) => ({
          idTransfer: String(i + 1),
          amount: t.cents,
          remittanceInformation: `quota ${i + 1}`,
          category: '0101101IM',
          iban: t.iban,
          ...(t.ec ? { organizationFiscalCode: t.ec } : {}),
        })),
      },
    ],
  };
  const res = await fetch(`${baseUrl}${GPD}/organizations/${EC}/debtpositions?toPublish=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`GPD create ${nav}: ${res.status} ${await res.text()}`);
  return { nav, amountCents };
}

export const euros = (cents: number) => (cents / 100).toFixed(2);

/** activatePaymentNotice(V2) arguments in XSD order (node-soap writes keys in insertion order). */
export function activateArgs(nav: string, amountCents: number, creds: object, extra: { paymentNote?: string; dueDate?: string } = {}) {
  return {
    ...creds,
    qrCode: { fiscalCode: EC, noticeNumber: nav },
    amount: euros(amountCents),
    ...(extra.dueDate ? { dueDate: extra.dueDate } : {}),
    ...(extra.paymentNote ? { paymentNote: extra.paymentNote } : {}),
  };
}

export async function activate(
  nodo: NodeForPsp,
  v2: boolean,
  nav: string,
  amountCents: number,
  creds: object,
  extra: { paymentNote?: string; dueDate?: string } = {},
): Promise<SoapResult> {
  return (await nodo.call(v2 ? 'activatePaymentNoticeV2' : 'activatePaymentNotice', activateArgs(nav, amountCents, creds, extra))).result;
}

export interface JournalItem {
  id: number;
  operation: string;
  direction: 'in' | 'out';
  stationCode: string | null;
  fiscalCode: string | null;
  noticeNumber: string | null;
  outcome: string | null;
  faultCode: string | null;
  httpStatus: number;
  durationUs: number;
  links: { request: string; response: string };
}

export async function journal(baseUrl: string, query: Record<string, string>): Promise<{ total: number; items: JournalItem[] }> {
  const res = await fetch(`${baseUrl}/admin/journal?${new URLSearchParams({ limit: '500', ...query })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { total: number; items: JournalItem[] };
}

/** Text of one element in a paForNode message (children are unqualified). */
export function field(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/**
 * A request the node sent to an EC station: valid against the OFFICIAL paForNode.xsd, the expected wrapper,
 * and the idPA / idBrokerPA / idStation the registry resolves for the notice.
 */
export async function expectNodeRequest(xml: string, element: string, station: StationKey | string, nav: string): Promise<void> {
  const checked = await assertValidEcMessage(xml);
  expect(checked.element).toBe(element);
  const stationCode = station in STATIONS ? STATIONS[station as StationKey].code : station;
  expect({
    idPA: field(xml, 'idPA'),
    idBrokerPA: field(xml, 'idBrokerPA'),
    idStation: field(xml, 'idStation'),
    fiscalCode: field(xml, 'fiscalCode'),
    noticeNumber: field(xml, 'noticeNumber'),
  }).toEqual({
    idPA: EC,
    idBrokerPA: EC_BROKER,
    idStation: stationCode,
    fiscalCode: EC,
    noticeNumber: nav,
  });
}

// ---- crafted EC answers (the mock EC's "raw" override): XSD-valid, semantically wrong ----------------
const PA_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
export function paEnvelope(element: string, inner: string): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="${PA_NS}"><soapenv:Body><pafn:${element}>${inner}</pafn:${element}></soapenv:Body></soapenv:Envelope>`;
}

export function verifyOkBody(opts: { omit?: string[] } = {}): string {
  const parts: [string, string][] = [
    ['outcome', '<outcome>OK</outcome>'],
    [
      'paymentList',
      '<paymentList><paymentOptionDescription><amount>120.50</amount><options>EQ</options><dueDate>2030-12-31</dueDate><detailDescription>TARI</detailDescription><allCCP>false</allCCP></paymentOptionDescription></paymentList>',
    ],
    ['paymentDescription', '<paymentDescription>TARI 2030</paymentDescription>'],
    ['fiscalCodePA', `<fiscalCodePA>${EC}</fiscalCodePA>`],
    ['companyName', '<companyName>Comune di Test</companyName>'],
  ];
  return paEnvelope(
    'paVerifyPaymentNoticeRes',
    parts
      .filter(([n]) => !opts.omit?.includes(n))
      .map(([, x]) => x)
      .join(''),
  );
}

export interface CraftedTransfer {
  id: number;
  cents: number;
  ec?: string;
  iban?: string;
}

/** A paGetPayment(V2) answer with data; `paymentCents` defaults to the sum of the transfers. */
export function paymentOkBody(v2: boolean, nav: string, transfers: CraftedTransfer[], paymentCents?: number): string {
  const t = transfers
    .map(
      (x) =>
        `<transfer><idTransfer>${x.id}</idTransfer><transferAmount>${euros(x.cents)}</transferAmount><fiscalCodePA>${x.ec ?? EC}</fiscalCodePA>` +
        `<IBAN>${x.iban ?? IBAN}</IBAN><remittanceInformation>quota ${x.id}</remittanceInformation><transferCategory>0101101IM</transferCategory></transfer>`,
    )
    .join('');
  const amount = paymentCents ?? transfers.reduce((s, x) => s + x.cents, 0);
  return paEnvelope(
    v2 ? 'paGetPaymentV2Response' : 'paGetPaymentRes',
    `<outcome>OK</outcome><data><creditorReferenceId>${nav.slice(1)}</creditorReferenceId><paymentAmount>${euros(amount)}</paymentAmount>` +
      `<dueDate>2030-12-31</dueDate><description>Avviso ${nav}</description><companyName>Comune di Test</companyName>` +
      `<debtor><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></debtor>` +
      `<transferList>${t}</transferList></data>`,
  );
}

export function outcomeOnlyBody(element: string, outcome: 'OK' | 'KO'): string {
  return paEnvelope(element, `<outcome>${outcome}</outcome>`);
}
