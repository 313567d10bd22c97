/**
 * Preset dictionaries for the journal's compressed exchanges (journalCodec.ts). A row names the version
 * it was written with (the first byte of `exchange_deflated`), so a version, once rows use it, is FIXED
 * FOREVER: changing one byte of it would make every row written with it unreadable. To improve the
 * dictionary, add a version and make it the one written; keep the old ones for reading.
 *
 * What goes in: the envelopes, namespaces, element names and common values (demo registry, synthetic
 * notices) of the exchanges the node journals, as the node writes them (no whitespace between tags).
 * Deflate finds matches up to 32 KB back and codes near ones shorter, so the commonest messages (the
 * payment flow: verify, activate, sendPaymentOutcome) come last. Kept under 8 KB: the dictionary is
 * hashed again for every row compressed (~1.3 µs per KB).
 */
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const ENV = 'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"';
const NFP = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';
const PAF = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
const req = (prefix: string, ns: string, body: string) =>
  `${XML}<soapenv:Envelope ${ENV} xmlns:${prefix}="${ns}"><soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const res = (prefix: string, ns: string, body: string) => `${XML}<soapenv:Envelope ${ENV} xmlns:${prefix}="${ns}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const PSP = '<idPSP>60000000001</idPSP><idBrokerPSP>60000000001</idBrokerPSP><idChannel>60000000001_01</idChannel><password>***</password>';
const PA = '<idPA>66666666666</idPA><idBrokerPA>66666666666</idBrokerPA><idStation>66666666666_01</idStation>';
const QR = '<qrCode><fiscalCode>66666666666</fiscalCode><noticeNumber>302000000000000000</noticeNumber></qrCode>';
const ID =
  '<uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier>';
const PAYER = `<payer>${ID}<fullName>Mario Rossi</fullName><streetName>Via Roma</streetName><civicNumber>10</civicNumber><postalCode>00100</postalCode><city>Roma</city><stateProvinceRegion>RM</stateProvinceRegion><country>IT</country><e-mail>mario.rossi@example.com</e-mail></payer>`;
const TRANSFER =
  '<transferList><transfer><idTransfer>1</idTransfer><transferAmount>10.00</transferAmount><fiscalCodePA>66666666666</fiscalCodePA><IBAN>IT45R0760103200000000001016</IBAN><remittanceInformation>Avviso sintetico 302000000000000000</remittanceInformation><transferCategory>9/0101100IM/</transferCategory></transfer></transferList>';
const FAULT =
  '<outcome>KO</outcome><fault><faultCode>PPT_SYSTEM_ERROR</faultCode><faultString>Errore generico.</faultString><id>NodoDeiPagamentiSPC</id><description></description></fault>';
const PAYMENT =
  '<totalAmount>10.00</totalAmount><paymentDescription>Avviso sintetico 302000000000000000</paymentDescription><fiscalCodePA>66666666666</fiscalCodePA><companyName>Comune di Test</companyName><officeName>Ufficio Tributi</officeName>';

/** version 1: the node's exchanges as of migration 20261206090000 */
const V1 = [
  // the node's calls to EC stations (direction 'out'), and their answers
  req(
    'pafn',
    PAF,
    `<pafn:paSendRTV2Request>${PA}<receipt><receiptId>00000000000000000000000000000000</receiptId><noticeNumber>302000000000000000</noticeNumber><fiscalCode>66666666666</fiscalCode><outcome>OK</outcome><creditorReferenceId>02000000000000000</creditorReferenceId><paymentAmount>10.00</paymentAmount><description>Avviso sintetico 302000000000000000</description><companyName>Comune di Test</companyName><officeName>Ufficio Tributi</officeName><debtor>${ID}<fullName>Pagatore sintetico</fullName></debtor>${TRANSFER}<idPSP>60000000001</idPSP><pspFiscalCode>60000000001</pspFiscalCode><pspPartitaIVA>60000000001</pspPartitaIVA><PSPCompanyName>PSP di test</PSPCompanyName><idChannel>60000000001_01</idChannel><channelDescription>canale ATTIVATO_PRESSO_PSP</channelDescription>${PAYER}<paymentMethod>creditCard</paymentMethod><fee>1.00</fee><primaryCiIncurredFee>0.00</primaryCiIncurredFee><idBundle></idBundle><idCiBundle></idCiBundle><paymentDateTime>2026-01-01T00:00:00.000Z</paymentDateTime><applicationDate>2026-01-01</applicationDate><transferDate>2026-01-01</transferDate><metadata><mapEntry><key></key><value></value></mapEntry></metadata></receipt></pafn:paSendRTV2Request>`,
  ),
  res('pafn', PAF, '<pafn:paSendRTV2Response><outcome>OK</outcome></pafn:paSendRTV2Response><pafn:paSendRTRes><outcome>OK</outcome></pafn:paSendRTRes>'),
  req(
    'pafn',
    PAF,
    `<pafn:paGetPaymentV2Request>${PA}${QR}<amount>10.00</amount><paymentNote></paymentNote><transferType>PAGOPA</transferType><dueDate>2026-01-01</dueDate></pafn:paGetPaymentV2Request>`,
  ),
  req('pafn', PAF, `<pafn:paVerifyPaymentNoticeReq>${PA}${QR}</pafn:paVerifyPaymentNoticeReq>`),
  // PSP → node, version 2 and the KO answers
  req(
    'nod',
    NFP,
    `<nod:sendPaymentOutcomeV2Request>${PSP}<idempotencyKey>60000000001_0000000000</idempotencyKey><paymentTokens><paymentToken>00000000000000000000000000000000</paymentToken></paymentTokens><outcome>OK</outcome><details><paymentMethod>CP</paymentMethod><paymentChannel>app</paymentChannel><fee>1.00</fee><primaryCiIncurredFee>0.00</primaryCiIncurredFee><idBundle></idBundle><idCiBundle></idCiBundle>${PAYER}<paymentDateTime>2026-01-01T00:00:00</paymentDateTime><applicationDate>2026-01-01</applicationDate><transferDate>2026-01-01</transferDate></details></nod:sendPaymentOutcomeV2Request>`,
  ),
  res(
    'nfpsp',
    NFP,
    `<nfpsp:sendPaymentOutcomeV2Response><outcome>OK</outcome></nfpsp:sendPaymentOutcomeV2Response><nfpsp:activatePaymentNoticeRes>${FAULT}</nfpsp:activatePaymentNoticeRes>`,
  ),
  req(
    'nod',
    NFP,
    `<nod:activatePaymentNoticeV2Request>${PSP}<idempotencyKey>60000000001_0000000000</idempotencyKey>${QR}<expirationTime>600000</expirationTime><amount>10.00</amount><paymentNote></paymentNote></nod:activatePaymentNoticeV2Request>`,
  ),
  // the payment flow, version 1: verify, activate, sendPaymentOutcome (the bulk of every journal)
  req('nod', NFP, `<nod:verifyPaymentNoticeReq>${PSP}${QR}</nod:verifyPaymentNoticeReq>`),
  res(
    'nfpsp',
    NFP,
    '<nfpsp:verifyPaymentNoticeRes><outcome>OK</outcome><paymentList><paymentOptionDescription><amount>10.00</amount><options>EQ</options><dueDate>2026-01-01</dueDate><detailDescription>Avviso sintetico 302000000000000000</detailDescription><allCCP>false</allCCP></paymentOptionDescription></paymentList><paymentDescription>Avviso sintetico 302000000000000000</paymentDescription><fiscalCodePA>66666666666</fiscalCodePA><companyName>Comune di Test</companyName><officeName>Ufficio Tributi</officeName></nfpsp:verifyPaymentNoticeRes>',
  ),
  req(
    'nod',
    NFP,
    `<nod:sendPaymentOutcomeReq>${PSP}<paymentToken>00000000000000000000000000000000</paymentToken><outcome>OK</outcome><details><paymentMethod>creditCard</paymentMethod><paymentChannel>app</paymentChannel><fee>1.00</fee>${PAYER}<applicationDate>2026-01-01</applicationDate><transferDate>2026-01-01</transferDate></details></nod:sendPaymentOutcomeReq>`,
  ),
  res('nfpsp', NFP, '<nfpsp:sendPaymentOutcomeRes><outcome>OK</outcome></nfpsp:sendPaymentOutcomeRes>'),
  req('nod', NFP, `<nod:activatePaymentNoticeReq>${PSP}${QR}<expirationTime>600000</expirationTime><amount>10.00</amount></nod:activatePaymentNoticeReq>`),
  res(
    'nfpsp',
    NFP,
    `<nfpsp:activatePaymentNoticeRes><outcome>OK</outcome>${PAYMENT}<paymentToken>00000000000000000000000000000000</paymentToken><transferList><transfer><idTransfer>1</idTransfer><transferAmount>10.00</transferAmount><fiscalCodePA>66666666666</fiscalCodePA><IBAN>IT45R0760103200000000001016</IBAN><remittanceInformation>Avviso sintetico 302000000000000000</remittanceInformation></transfer></transferList><creditorReferenceId>02000000000000000</creditorReferenceId></nfpsp:activatePaymentNoticeRes>`,
  ),
].join('');

/** The dictionaries by version; the last one is the one new rows are written with. */
export const JOURNAL_DICTIONARIES: readonly Buffer[] = [Buffer.alloc(0), Buffer.from(V1, 'utf8')];
