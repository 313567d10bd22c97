import path from 'node:path';
import { xmlDocument, type XmlTree } from '../soap/xmlWriter';
import type { Registry } from './registry';
import type { Service, ServiceSubject } from './registryModel';

/**
 * The service catalogue (catalogo servizi) as nodoChiediCatalogoServiziV2 hands it to a PSP (spec §3.7):
 * a `listaCatalogoServizi` document, valid against pagoPA's xsd-common/CatalogoServizi_2_0_0.xsd, built
 * from the registry's version-2 services. Version-1 services exist only to give demandPaymentNotice its
 * PPT_VERSIONE_SERVIZIO, so the V2 catalogue leaves them out.
 */
export const CATALOGO_SERVIZI_NS = 'http://pagopa-api.pagopa.gov.it/nodeForPsp/xsd/CatalogoServizi';

export interface CatalogueFilter {
  /** only the subjects of this EC */
  identificativoDominio?: string;
  /** only the services of this category */
  categoria?: string;
  /** only the subjects with (Y) or without (N) a fee */
  commissione?: 'Y' | 'N';
}

export interface CatalogueEntry {
  service: Service;
  subjects: ServiceSubject[];
}

/** The services the filter keeps, each with the subjects it keeps; a service left with none is dropped. */
export function catalogueEntries(reg: Registry, f: CatalogueFilter): CatalogueEntry[] {
  return reg.doc.services
    .filter((service) => service.version === 2 && (f.categoria === undefined || service.category === f.categoria))
    .map((service) => ({
      service,
      subjects: service.subjects.filter(
        (s) =>
          (f.identificativoDominio === undefined || s.creditorInstitutionCode === f.identificativoDominio) && (f.commissione === undefined || commissione(s) === f.commissione),
      ),
    }))
    .filter((e) => e.subjects.length > 0);
}

/**
 * The document, undefined when no service is left: the XSD wants at least one catalogoServizi, so an
 * empty catalogue is answered without xmlCatalogoServizi rather than with an invalid document.
 */
export function catalogueDocument(reg: Registry, entries: CatalogueEntry[]): string | undefined {
  if (entries.length === 0) return undefined;
  const tree: XmlTree = entries.map(({ service, subjects }): [string, XmlTree] => [
    'catalogoServizi',
    [
      ['idServizio', service.idServizio],
      ['descrizioneServizio', service.description],
      ['elencoSoggettiEroganti', subjects.map((s): [string, XmlTree] => ['soggettoErogante', subjectTree(reg, s)])],
      ['categoria', service.category],
      // stText35: the registry's rule on file names is looser, and an invalid document helps nobody
      ['xsdRiferimento', path.basename(service.xsd).slice(0, 35)],
    ],
  ]);
  return xmlDocument('listaCatalogoServizi', tree, { prefix: 'cs', uri: CATALOGO_SERVIZI_NS });
}

function subjectTree(reg: Registry, s: ServiceSubject): XmlTree {
  const ec = reg.creditorInstitution(s.creditorInstitutionCode);
  return [
    ['idSoggettoServizio', s.idSoggettoServizio],
    ['idDominio', s.creditorInstitutionCode],
    // stText70, while a registry businessName may be longer
    ['denominazioneEnteCreditore', (ec?.businessName ?? s.creditorInstitutionCode).slice(0, 70)],
    ['dataInizioValidita', s.validFrom],
    ['dataFineValidita', s.validTo],
    ['commissione', commissione(s)],
  ];
}

const commissione = (s: ServiceSubject): 'Y' | 'N' => (s.commission ? 'Y' : 'N');
