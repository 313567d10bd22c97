import { xmlDocument, type XmlTree } from '../soap/xmlWriter';
import type { Registry } from './registry';
import type { Channel, PaymentModel, Psp, PspChannel } from './registryModel';

/**
 * The documents of the deprecated informativa operations (SANP 3.5), built from the registry:
 *  - nodoChiediInformativaPA: a `listaInformativePSP` valid against pagoPA's
 *    xsd-common/CatalogoDatiInformativi.xsd, one `informativaPSP` per enabled PSP with an enabled channel
 *    (what each PSP offers, channel by channel: the "catalogo dati informativi");
 *  - nodoChiediTemplateInformativaPSP: an `informativaPSP` valid against TemplateInformativa_1_0_11.xsd,
 *    the calling PSP's own, prefilled from the registry, for the PSP to complete and publish.
 * The registry knows identity, channels and payment models; costs, URLs and logos it does not know get
 * neutral values (no cost, pagoPA's site, a blank logo), the template marks them DA_COMPILARE (to fill in).
 */

/** stModelloPagamento: 0 immediate, 1 immediate multi-beneficiary, 2 deferred, 4 started at the PSP. */
const MODELLO_PAGAMENTO: Record<PaymentModel, number> = { IMMEDIATO: 0, IMMEDIATO_MULTIBENEFICIARIO: 1, DIFFERITO: 2, ATTIVATO_PRESSO_PSP: 4 };
/** stTipoVersamento; a registry paymentType outside it is shown as PO (payment started at the PSP) */
const TIPI_VERSAMENTO = new Set(['BBT', 'BP', 'AD', 'CP', 'PO', 'OBEP', 'JIF', 'MYBK', 'PPAL']);
/** a 1×1 transparent PNG: logoPSP is mandatory base64Binary, and the registry has no logos */
const LOGO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const URL_INFORMAZIONI = 'https://www.pagopa.gov.it/';
const DA_COMPILARE = 'DA_COMPILARE';

/** stDateTimeGiornoOra: a dateTime to the second, without zone */
const giornoOra = (now: Date) => now.toISOString().slice(0, 19);
const text = (s: string, max: number) => s.slice(0, max);

interface PspOffer {
  psp: Psp;
  channels: { channel: Channel; link: PspChannel }[];
}

/** The enabled channels of a PSP, as its pspChannels rows link them. */
function offerOf(reg: Registry, psp: Psp): PspOffer {
  const channels = reg.doc.pspChannels
    .filter((l) => l.pspCode === psp.pspCode)
    .map((link) => ({ link, channel: reg.channel(link.channelCode) }))
    .filter((c): c is { link: PspChannel; channel: Channel } => c.channel !== undefined && c.channel.enabled);
  return { psp, channels };
}

/** identificativoFlusso: the PSP and the day of publication (stText35) */
const flowId = (psp: Psp, now: Date) => `${text(psp.pspCode, 24)}_${now.toISOString().slice(0, 10)}`;

/** The catalogue of every enabled PSP that has an enabled channel (CatalogoDatiInformativi.xsd). */
export function informativaDocument(reg: Registry, now: Date): string {
  const offers = reg.doc.psps
    .filter((p) => p.enabled)
    .map((p) => offerOf(reg, p))
    .filter((o) => o.channels.length > 0);
  const tree: XmlTree = offers.map((o): [string, XmlTree] => ['informativaPSP', informativaPsp(o, now)]);
  return xmlDocument('listaInformativePSP', tree);
}

function informativaPsp({ psp, channels }: PspOffer, now: Date): XmlTree {
  return [
    ['identificativoFlusso', flowId(psp, now)],
    ['identificativoPSP', psp.pspCode],
    ['ragioneSociale', text(psp.businessName, 70)],
    ['codiceABI', psp.abi],
    ['codiceBIC', psp.bic],
    [
      'informativaMaster',
      [
        ['dataPubblicazione', giornoOra(now)],
        ['dataInizioValidita', giornoOra(now)],
        ['urlInformazioniPSP', URL_INFORMAZIONI],
        ['stornoPagamento', 0],
        ['marcaBolloDigitale', psp.digitalStamp ? 1 : 0],
        ['logoPSP', LOGO],
      ],
    ],
    ['listaInformativaDetail', channels.map((c, i): [string, XmlTree] => ['informativaDetail', detail(rowOf(c), i + 1, '24 ore su 24, 7 giorni su 7')])],
  ];
}

/** What an informativaDetail says about one channel; the detail has the same sequence in both schemas. */
interface ChannelRow {
  broker: string;
  channel: string;
  tipoVersamento: string;
  modelloPagamento: number;
  description?: string;
}

const rowOf = ({ channel, link }: { channel: Channel; link: PspChannel }): ChannelRow => ({
  broker: channel.brokerPspCode,
  channel: channel.channelCode,
  tipoVersamento: link.paymentType !== undefined && TIPI_VERSAMENTO.has(link.paymentType) ? link.paymentType : 'PO',
  modelloPagamento: MODELLO_PAGAMENTO[channel.paymentModel],
  ...(channel.description !== undefined ? { description: text(channel.description, 140) } : {}),
});

/** One channel, free of charge (the registry has no fees), available as `disponibilita` says. */
function detail(r: ChannelRow, priority: number, disponibilita: string): XmlTree {
  return [
    ['identificativoIntermediario', r.broker],
    ['identificativoCanale', r.channel],
    ['tipoVersamento', r.tipoVersamento],
    ['modelloPagamento', r.modelloPagamento],
    ['priorita', priority],
    ['canaleApp', 0],
    [
      'listaInformazioniServizio',
      [
        [
          'informazioniServizio',
          [
            ['codiceLingua', 'IT'],
            ['descrizioneServizio', r.description],
            ['disponibilitaServizio', disponibilita],
          ],
        ],
      ],
    ],
    [
      'costiServizio',
      [
        // ctCostiServizio fixes both: 1 = a cost per transaction, 0 = a fixed commission
        ['tipoCostoTransazione', 1],
        ['tipoCommissione', 0],
        [
          'listaFasceCostoServizio',
          [
            [
              'fasciaCostoServizio',
              [
                ['importoMassimoFascia', '999999999.99'],
                ['costoFisso', '0.00'],
                ['valoreCommissione', '0.00'],
              ],
            ],
          ],
        ],
      ],
    ],
  ];
}

/**
 * The calling PSP's template (TemplateInformativa_1_0_11.xsd): its informativa prefilled from the
 * registry, DA_COMPILARE where the PSP has to write its own (the schema makes ABI, BIC and MyBank id
 * mandatory text). One detail per enabled channel of the PSP: the PSP checks passed on one of them, so
 * there is at least one, as the schema wants.
 */
export function templateDocument(reg: Registry, psp: Psp, now: Date): string {
  const details = offerOf(reg, psp).channels.map((c, i): [string, XmlTree] => ['informativaDetail', detail(rowOf(c), i + 1, DA_COMPILARE)]);
  return xmlDocument('informativaPSP', [
    ['identificativoFlusso', flowId(psp, now)],
    ['identificativoPSP', psp.pspCode],
    ['ragioneSociale', text(psp.businessName, 70)],
    ['codiceABI', psp.abi ?? DA_COMPILARE],
    ['codiceBIC', psp.bic ?? DA_COMPILARE],
    ['mybankIDVS', DA_COMPILARE],
    [
      'informativaMaster',
      [
        ['dataPubblicazione', giornoOra(now)],
        ['dataInizioValidita', giornoOra(now)],
        ['urlInformazioniPSP', DA_COMPILARE],
        ['stornoPagamento', 0],
        ['marcaBolloDigitale', psp.digitalStamp ? 1 : 0],
        ['logoPSP', DA_COMPILARE],
      ],
    ],
    ['listaInformativaDetail', details],
  ]);
}
