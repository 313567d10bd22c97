import { SOAP_ENV_NS, writeTree, type XmlTree } from '../../soap/xmlWriter';
import { EC_TE, IBANS } from './families';
import { PPT_NS, PSP_NS, type PagopaPrimitive } from './request';
import { pafEnvelope, type PagopaAnswer } from './wire';

/**
 * The fixed OK answers of pagoPA's mock EC to everything but verify, activate and receipts
 * (uat-environment.md §2.5): the spontaneous-payment demand, the PSP's pspNotifyPayment, and the old EC
 * primitives of PaPerNodo.wsdl. The old ones are not in pagoPA's published sources with their data: what
 * is written here is a plausible OK of the `ppt:` namespace, with EC_TE's bank IBAN and 10.00.
 */

/** paDemandPaymentNotice: always the same notice of EC 44444444444, whatever service was asked for. */
export function demandAnswer(): PagopaAnswer {
  const tree: XmlTree = [
    ['outcome', 'OK'],
    [
      'qrCode',
      [
        ['fiscalCode', '44444444444'],
        ['noticeNumber', '311018891531183500'],
      ],
    ],
    [
      'paymentList',
      [
        [
          'paymentOptionDescription',
          [
            ['amount', '10.00'],
            ['options', 'EQ'],
            ['dueDate', '2022-06-25'],
            ['detailDescription', 'descrizione dettagliata lato PA'],
            ['allCCP', false],
          ],
        ],
      ],
    ],
    ['paymentDescription', 'paymentDescription'],
    ['fiscalCodePA', '44444444444'],
    ['companyName', 'companyName'],
    ['officeName', 'officeName'],
  ];
  return { status: 200, body: pafEnvelope('paDemandPaymentNoticeResponse', tree) };
}

/** pspNotifyPayment (pspForNode): acknowledged. */
export function notifyAnswer(): PagopaAnswer {
  return {
    status: 200,
    body: `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pfn="${PSP_NS}"><soapenv:Header/><soapenv:Body><pfn:pspNotifyPaymentRes><outcome>OK</outcome></pfn:pspNotifyPaymentRes></soapenv:Body></soapenv:Envelope>`,
  };
}

const PAG_NS = 'http://www.digitpa.gov.it/schemas/2011/Pagamenti/';

/** ctEnteBeneficiario: its children are in the pag: namespace (PagInf_RPT_RT is elementFormDefault qualified). */
const beneficiary: XmlTree = [
  [
    'pag:identificativoUnivocoBeneficiario',
    [
      ['pag:tipoIdentificativoUnivoco', 'G'],
      ['pag:codiceIdentificativoUnivoco', EC_TE],
    ],
  ],
  ['pag:denominazioneBeneficiario', 'EC_TE'],
];

/** ctDatiPagamentoPA, in its sequence order */
const paymentData = (amount = '10.00', credenzialiPagatore?: string): XmlTree => [
  ['importoSingoloVersamento', amount],
  ['ibanAccredito', IBANS.B1],
  ['enteBeneficiario', beneficiary],
  ['credenzialiPagatore', credenzialiPagatore],
  ['causaleVersamento', '/RFB/pagamento mock EC'],
];

/** `<ppt:{name}Risposta><{name}Risposta>…`: the old primitives wrap their outcome twice. */
function pptEnvelope(name: string, tree: XmlTree): string {
  const out = [
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:ppt="${PPT_NS}" xmlns:pag="${PAG_NS}"><soapenv:Header/><soapenv:Body><ppt:${name}Risposta><${name}Risposta>`,
  ];
  writeTree(tree, out);
  out.push(`</${name}Risposta></ppt:${name}Risposta></soapenv:Body></soapenv:Envelope>`);
  return out.join('');
}

export function oldPrimitiveAnswer(primitive: Extract<PagopaPrimitive, `paa${string}`>): PagopaAnswer {
  switch (primitive) {
    case 'paaVerificaRPT':
      return {
        status: 200,
        body: pptEnvelope(primitive, [
          ['esito', 'OK'],
          ['datiPagamentoPA', paymentData()],
        ]),
      };
    case 'paaAttivaRPT':
      return {
        status: 200,
        body: pptEnvelope(primitive, [
          ['esito', 'OK'],
          ['datiPagamentoPA', paymentData('10.00', 'mock')],
        ]),
      };
    case 'paaInviaRT':
      return { status: 200, body: pptEnvelope(primitive, [['esito', 'OK']]) };
    case 'paaChiediNumeroAvviso':
      // a notice of family 00 (302000000000000001), with that family's 120.00
      return {
        status: 200,
        body: pptEnvelope(primitive, [
          ['esito', 'OK'],
          [
            'numeroAvviso',
            [
              ['auxDigit', '3'],
              ['IUV', '02000000000000001'],
            ],
          ],
          ['datiPagamentoPA', paymentData('120.00')],
        ]),
      };
  }
}
