/**
 * nodoChiediCatalogoServiziV2 (spec §3.7), black box with node-soap built from the served WSDL (answers
 * validated against the official nodeForPsp.xsd): the service catalogue of the demo registry as a base64
 * CatalogoServizi 2.0.0 document (decoded and validated against pagoPA's schema by libxml2 and Xerces),
 * its three filters, and the PSP checks (Italian credential names, no channel-model check).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNodeFault } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { decodeAndValidate, OFFICIAL_DOCUMENT_XSD, parseDocument } from '../helpers/documents';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, envelope, postSoap, type SoapResult } from '../helpers/soap';
import { stopXerces } from '../helpers/xerces';

afterAll(stopXerces);

/** The demo PSP, with the catalogue's Italian credential names. */
const CREDENZIALI = { identificativoPSP: '60000000001', identificativoIntermediarioPSP: '60000000001', identificativoCanale: '60000000001_01', password: 'pwdpwdpwd' };
type Credenziali = typeof CREDENZIALI;
type Filters = { identificativoDominio?: string; categoria?: string; commissione?: 'Y' | 'N' };

interface Soggetto {
  idSoggettoServizio: string;
  idDominio: string;
  denominazioneEnteCreditore: string;
  dataInizioValidita: string;
  dataFineValidita?: string;
  commissione?: string;
}
interface Servizio {
  idServizio: string;
  descrizioneServizio: string;
  elencoSoggettiEroganti: { soggettoErogante: Soggetto[] };
  categoria?: string;
  xsdRiferimento: string;
}

/** The demo registry's version-2 catalogue, as the document must list it (00009 is version 1: never listed). */
const PASSAPORTO: Servizio = {
  idServizio: '00001',
  descrizioneServizio: 'Passaporto (codice pratica A001)',
  elencoSoggettiEroganti: {
    soggettoErogante: [{ idSoggettoServizio: '00001', idDominio: '66666666666', denominazioneEnteCreditore: 'Comune di Test', dataInizioValidita: '2020-01-01', commissione: 'N' }],
  },
  categoria: "Ministero dell'Interno",
  xsdRiferimento: 'A001_Passaporto_1_0_0.xsd',
};
const PESCA_00002: Soggetto = {
  idSoggettoServizio: '00002',
  idDominio: '66666666666',
  denominazioneEnteCreditore: 'Comune di Test',
  dataInizioValidita: '2020-01-01',
  commissione: 'Y',
};
const PESCA_00092: Soggetto = {
  idSoggettoServizio: '00092',
  idDominio: '66666666666',
  denominazioneEnteCreditore: 'Comune di Test',
  dataInizioValidita: '2020-01-01',
  dataFineValidita: '2021-12-31',
  commissione: 'N',
};
const PESCA: Servizio = {
  idServizio: '00002',
  descrizioneServizio: 'Licenza di pesca (codice pratica D847)',
  elencoSoggettiEroganti: { soggettoErogante: [PESCA_00002, PESCA_00092] },
  categoria: 'Licenze',
  xsdRiferimento: 'D847_Pesca_1_0_0.xsd',
};
const BOLLO_AUTO: Servizio = {
  idServizio: '00003',
  descrizioneServizio: 'Tassa automobilistica',
  elencoSoggettiEroganti: {
    soggettoErogante: [{ idSoggettoServizio: '00003', idDominio: '77777777777', denominazioneEnteCreditore: 'EC_TE', dataInizioValidita: '2020-01-01', commissione: 'N' }],
  },
  categoria: 'Tributi',
  xsdRiferimento: 'TassaAutomobilistica_1_1_0.xsd',
};

/** The catalogue of an OK answer, decoded, validated against CatalogoServizi_2_0_0.xsd, as data. */
async function catalogue(result: SoapResult): Promise<Servizio[]> {
  expect(result.outcome).toBe('OK');
  expect(result.fault).toBeUndefined();
  const xml = await decodeAndValidate(result.xmlCatalogoServizi, OFFICIAL_DOCUMENT_XSD.catalogoServizi);
  expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><cs:listaCatalogoServizi xmlns:cs="http:\/\/pagopa-api\.pagopa\.gov\.it\/nodeForPsp\/xsd\/CatalogoServizi">/);
  const doc = parseDocument(xml, ['catalogoServizi', 'soggettoErogante']) as { listaCatalogoServizi: { catalogoServizi: Servizio[] } };
  return doc.listaCatalogoServizi.catalogoServizi;
}

describe.each(DATABASE_IDS)('nodoChiediCatalogoServiziV2 on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  // node-soap writes keys in insertion order: credentials first, then the filters in XSD order
  const ask = async (filters: Filters = {}, c: Credenziali = CREDENZIALI) => {
    const ordered: Filters = {};
    for (const k of ['identificativoDominio', 'categoria', 'commissione'] as const) if (filters[k] !== undefined) Object.assign(ordered, { [k]: filters[k] });
    return (await nodo.call('nodoChiediCatalogoServiziV2', { ...c, ...ordered })).result;
  };

  it('without filters: every version-2 service of the registry with its subjects, EC names, dates, commissione and XSD file', async () => {
    expect(await catalogue(await ask())).toEqual([PASSAPORTO, PESCA, BOLLO_AUTO]);
  });

  it.each<[string, Filters, Servizio[]]>([
    ['identificativoDominio 77777777777: the services that EC offers', { identificativoDominio: '77777777777' }, [BOLLO_AUTO]],
    ['categoria Licenze', { categoria: 'Licenze' }, [PESCA]],
    ['commissione Y: only the subjects with a fee', { commissione: 'Y' }, [{ ...PESCA, elencoSoggettiEroganti: { soggettoErogante: [PESCA_00002] } }]],
    ['commissione N', { commissione: 'N' }, [PASSAPORTO, { ...PESCA, elencoSoggettiEroganti: { soggettoErogante: [PESCA_00092] } }, BOLLO_AUTO]],
    [
      'all three filters together',
      { identificativoDominio: '66666666666', categoria: 'Licenze', commissione: 'N' },
      [{ ...PESCA, elencoSoggettiEroganti: { soggettoErogante: [PESCA_00092] } }],
    ],
  ])('filter %s', async (_name, filters, expected) => {
    expect(await catalogue(await ask(filters))).toEqual(expected);
  });

  it.each<[string, Filters]>([
    ['an EC that offers no service (88888888888)', { identificativoDominio: '88888888888' }],
    ['an EC the registry does not know', { identificativoDominio: '10000000000' }],
    ['a category nobody uses', { categoria: 'Sport' }],
    ['filters no service meets at once', { identificativoDominio: '77777777777', commissione: 'Y' }],
  ])('nothing matches (%s): OK without xmlCatalogoServizi (the schema wants at least one service)', async (_name, filters) => {
    const result = await ask(filters);
    expect(result.outcome).toBe('OK');
    expect(result.fault).toBeUndefined();
    expect(result.xmlCatalogoServizi).toBeUndefined();
  });

  it.each<[string, Credenziali]>([
    ['POSTE3 on its channel', { identificativoPSP: 'POSTE3', identificativoIntermediarioPSP: 'BANCOPOSTA', identificativoCanale: 'POSTE3', password: 'pwdpwdpwd' }],
    ['a channel that is not ATTIVATO_PRESSO_PSP (60000000001_07): a listing is no model-3 payment', { ...CREDENZIALI, identificativoCanale: '60000000001_07' }],
  ])('any linked channel may ask: %s', async (_name, c) => {
    expect(await catalogue(await ask({}, c))).toHaveLength(3);
  });

  it.each<[string, Parameters<typeof expectNodeFault>[1], string | undefined, Partial<Credenziali>]>([
    ['unknown identificativoPSP', 'PPT_PSP_SCONOSCIUTO', undefined, { identificativoPSP: 'PSPSCONOSCIUTO' }],
    ['disabled PSP', 'PPT_PSP_DISABILITATO', undefined, { identificativoPSP: 'NOT_ENABLED' }],
    ['unknown identificativoIntermediarioPSP', 'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO', undefined, { identificativoIntermediarioPSP: 'BROKERSCONOSCIUTO' }],
    ['unknown identificativoCanale', 'PPT_CANALE_SCONOSCIUTO', undefined, { identificativoCanale: '60000000001_99' }],
    ['wrong password', 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata', { password: 'wrongpwd1' }],
    ['broker 91000000001 with channel 60000000001_01', 'PPT_AUTORIZZAZIONE', 'Configurazione intermediario-canale non corretta', { identificativoIntermediarioPSP: '91000000001' }],
    ['PSP not linked to the channel (POSTE3 on 60000000001_01)', 'PPT_AUTORIZZAZIONE', 'Configurazione psp-canale non corretta', { identificativoPSP: 'POSTE3' }],
  ])('%s → %s, no catalogue', async (_name, code, description, over) => {
    const result = await ask({}, { ...CREDENZIALI, ...over });
    expectNodeFault(result, code, description);
    expect(result.xmlCatalogoServizi).toBeUndefined();
  });

  it('commissione outside Y|N → PPT_SINTASSI_EXTRAXSD in nodoChiediCatalogoServiziV2Response, HTTP 200', async () => {
    const creds = Object.entries(CREDENZIALI)
      .map(([k, v]) => `<${k}>${v}</${k}>`)
      .join('');
    const r = await postSoap(
      server.soapUrl,
      envelope(`<nod:nodoChiediCatalogoServiziV2Request>${creds}<commissione>S</commissione></nod:nodoChiediCatalogoServiziV2Request>`),
      'nodoChiediCatalogoServiziV2',
    );
    expect(r.status).toBe(200);
    expect(r.element).toBe('nodoChiediCatalogoServiziV2Response');
    expect(r.payload.outcome).toBe('KO');
    expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', description: expect.stringContaining('commissione') });
  });

  it('the request with the credentials of verify (idPSP …) is a syntax error naming the expected element', async () => {
    const r = await postSoap(
      server.soapUrl,
      envelope(
        '<nod:nodoChiediCatalogoServiziV2Request><idPSP>60000000001</idPSP><idBrokerPSP>60000000001</idBrokerPSP><idChannel>60000000001_01</idChannel><password>pwdpwdpwd</password></nod:nodoChiediCatalogoServiziV2Request>',
      ),
      'nodoChiediCatalogoServiziV2',
    );
    expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', description: expect.stringContaining('identificativoPSP') });
  });
});
