/**
 * Registry faults, black box (spec §7.2–§7.3, §6.3): every PSP-side and EC-side registry check of
 * verifyPaymentNotice, activatePaymentNotice(V2) and sendPaymentOutcome(V2), driven with node-soap built
 * from the served WSDL (every response is XSD-checked by the helper), plus the order the checks run in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FAULT_STRINGS, PAA_FAULT_STRINGS, type FaultCode } from '../../src/nodo/faults';
import { expectNodeFault, writeRegistryVariant } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { archiveNav } from '../helpers/demo';
import { startServer, type RunningServer } from '../helpers/server';
import { EC, NodeForPsp, PSP, freshNotice, type SoapResult } from '../helpers/soap';

type Creds = typeof PSP;
type Model3Op = 'verifyPaymentNotice' | 'activatePaymentNotice' | 'activatePaymentNoticeV2';
const MODEL3_OPS: Model3Op[] = ['verifyPaymentNotice', 'activatePaymentNotice', 'activatePaymentNoticeV2'];
type OutcomeOp = 'sendPaymentOutcome' | 'sendPaymentOutcomeV2';
const OUTCOME_OPS: OutcomeOp[] = ['sendPaymentOutcome', 'sendPaymentOutcomeV2'];

const UNKNOWN_TOKEN = '0123456789abcdef0123456789abcdef';
/** An archive notice (station 66666666666_02) that is not among the demo notices. */
const NOT_IN_ARCHIVE = archiveNav('9999999999999');
const AUTORIZZAZIONE_INT_CANALE = 'Configurazione intermediario-canale non corretta';
const AUTORIZZAZIONE_PSP_CANALE = 'Configurazione psp-canale non corretta';
const AUTORIZZAZIONE_MODEL = "Il canale non è di tipo 'ATTIVATO_PRESSO_PSP'";
const STAZIONE_SCONOSCIUTA = 'Configurazione pa-progressivo stazione non corretta';

const creds = (over: Partial<Creds>): Creds => ({ ...PSP, ...over });

/** PSP-side cases of §7.2 steps 2–6, common to every PSP primitive. Rows are full length: jest passes `done` to a callback declaring more parameters than the row has. */
const PSP_SIDE: [string, Creds, FaultCode, string | undefined][] = [
  ['unknown idPSP', creds({ idPSP: 'PSPSCONOSCIUTO' }), 'PPT_PSP_SCONOSCIUTO', undefined],
  ['disabled PSP NOT_ENABLED', creds({ idPSP: 'NOT_ENABLED' }), 'PPT_PSP_DISABILITATO', undefined],
  ['unknown idBrokerPSP', creds({ idBrokerPSP: 'BROKERSCONOSCIUTO' }), 'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO', undefined],
  ['disabled broker INT_NOT_ENABLED', creds({ idBrokerPSP: 'INT_NOT_ENABLED' }), 'PPT_INTERMEDIARIO_PSP_DISABILITATO', undefined],
  ['unknown idChannel', creds({ idChannel: '60000000001_99' }), 'PPT_CANALE_SCONOSCIUTO', undefined],
  ['disabled channel CANALE_NOT_ENABLED', creds({ idChannel: 'CANALE_NOT_ENABLED' }), 'PPT_CANALE_DISABILITATO', undefined],
  ['wrong password', creds({ password: 'wrongpwd1' }), 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata'],
  ['channel of another broker (97735020584_03 with broker 60000000001)', creds({ idChannel: '97735020584_03' }), 'PPT_AUTORIZZAZIONE', AUTORIZZAZIONE_INT_CANALE],
  [
    'PSP not associated with the channel (broker 97735020584, channel 97735020584_03)',
    creds({ idBrokerPSP: '97735020584', idChannel: '97735020584_03' }),
    'PPT_AUTORIZZAZIONE',
    AUTORIZZAZIONE_PSP_CANALE,
  ],
];

/** §7.2 step 7: verify and activate only. */
const NOT_MODEL3_CHANNELS: [string, string][] = [
  ['IMMEDIATO_MULTIBENEFICIARIO', '60000000001_03'],
  ['IMMEDIATO', '60000000001_07'],
  ['IMMEDIATO (model 1)', '60000000001_04'],
  ['DIFFERITO', '60000000001_06'],
];

/** §7.2 steps 8–9, §7.3 and the station call. */
const EC_SIDE: [string, string, () => string, FaultCode, string | undefined][] = [
  ['unknown EC 10000000000', '10000000000', freshNotice, 'PPT_DOMINIO_SCONOSCIUTO', undefined],
  ['disabled EC 11111122223', '11111122223', freshNotice, 'PPT_DOMINIO_DISABILITATO', undefined],
  ['aux digit 5', EC, () => '511111111111111111', 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', STAZIONE_SCONOSCIUTA],
  ['aux digit 1 (no association on aux digit)', EC, () => '111111111111111111', 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', STAZIONE_SCONOSCIUTA],
  ['unknown segregation code 55', EC, () => '355000000000000001', 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', STAZIONE_SCONOSCIUTA],
  ['unknown application code 55', EC, () => '055000000000000001', 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', STAZIONE_SCONOSCIUTA],
  ['disabled station (segregation code 16)', EC, () => '316000000000000001', 'PPT_STAZIONE_INT_PA_DISABILITATA', undefined],
  ['station whose EC broker is disabled (application code 10)', EC, () => '010000000000000001', 'PPT_INTERMEDIARIO_PA_DISABILITATO', undefined],
];

function model3(nodo: NodeForPsp, op: Model3Op, notice: string, c: Creds = PSP, fiscalCode = EC, extra: object = {}): Promise<{ result: SoapResult; raw: string }> {
  if (op === 'verifyPaymentNotice') return nodo.verify(notice, c, fiscalCode);
  if (op === 'activatePaymentNotice') return nodo.activate(notice, extra, c, fiscalCode);
  return nodo.activateV2(notice, extra, c, fiscalCode);
}

function outcome(nodo: NodeForPsp, op: OutcomeOp, token: string, c: Creds = PSP) {
  return op === 'sendPaymentOutcome' ? nodo.outcome(token, 'OK', {}, c) : nodo.outcomeV2([token], 'OK', {}, c);
}

describe.each(DATABASE_IDS)('registry faults on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(MODEL3_OPS)('%s', (op) => {
    it.each(PSP_SIDE)('%s → %s', async (_name, c, code, description) => {
      const { result } = await model3(nodo, op, freshNotice(), c);
      expectNodeFault(result, code, description);
    });

    it.each(NOT_MODEL3_CHANNELS)('a %s channel → PPT_AUTORIZZAZIONE "Il canale non è di tipo \'ATTIVATO_PRESSO_PSP\'"', async (_model, idChannel) => {
      const { result } = await model3(nodo, op, freshNotice(), creds({ idChannel }));
      expectNodeFault(result, 'PPT_AUTORIZZAZIONE', AUTORIZZAZIONE_MODEL);
    });

    it.each(EC_SIDE)('%s → %s', async (_name, fiscalCode, notice, code, description) => {
      const { result } = await model3(nodo, op, notice(), PSP, fiscalCode);
      expectNodeFault(result, code, description);
    });

    it('a remote station where nothing listens (application code 99) → PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', async () => {
      const { result } = await model3(nodo, op, '099000000000000001');
      expect(result.outcome).toBe('KO');
      expect(result.fault).toMatchObject({
        faultCode: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE',
        faultString: FAULT_STRINGS.PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE,
        id: 'NodoDeiPagamentiSPC',
      });
      expect(typeof result.fault?.description).toBe('string');
    });

    it('an archive notice the EC does not know → PPT_ERRORE_EMESSO_DA_PAA with id = the EC, PAA fault folded into description', async () => {
      const { result } = await model3(nodo, op, NOT_IN_ARCHIVE);
      expect(result.outcome).toBe('KO');
      expect(result.fault).toMatchObject({ faultCode: 'PPT_ERRORE_EMESSO_DA_PAA', faultString: FAULT_STRINGS.PPT_ERRORE_EMESSO_DA_PAA, id: EC });
      expect(result.fault?.description).toContain('PAA_PAGAMENTO_SCONOSCIUTO');
      // broker 60000000001 has no extended fault bean in the demo registry
      expect(result.fault?.originalFaultCode).toBeUndefined();
      expect(result.fault?.originalFaultString).toBeUndefined();
      expect(result.fault?.originalDescription).toBeUndefined();
    });
  });

  it('a failed EC call does not lock the notice: the same activation fails the same way again', async () => {
    for (const notice of ['099000000000000002', NOT_IN_ARCHIVE]) {
      const first = await nodo.activate(notice);
      const second = await nodo.activate(notice);
      expect(first.result.fault?.faultCode).toMatch(/^PPT_(STAZIONE_INT_PA_IRRAGGIUNGIBILE|ERRORE_EMESSO_DA_PAA)$/);
      expect(second.result.fault?.faultCode).toBe(first.result.fault?.faultCode);
    }
  });

  describe.each(OUTCOME_OPS)('%s', (op) => {
    it.each(PSP_SIDE)('%s → %s', async (_name, c, code, description) => {
      const { result } = await outcome(nodo, op, UNKNOWN_TOKEN, c);
      expectNodeFault(result, code, description);
    });

    it.each(NOT_MODEL3_CHANNELS)('does not apply the channel-model check: a %s channel with an unknown token → PPT_TOKEN_SCONOSCIUTO', async (_model, idChannel) => {
      const { result } = await outcome(nodo, op, UNKNOWN_TOKEN, creds({ idChannel }));
      expectNodeFault(result, 'PPT_TOKEN_SCONOSCIUTO', 'token unknown');
    });
  });

  it('sendPaymentOutcome on channel 60000000001_07 closes a token activated on 60000000001_01', async () => {
    const a = await nodo.activate(freshNotice());
    expect(a.result.outcome).toBe('OK');
    const o = await nodo.outcome(a.result.paymentToken as string, 'OK', {}, creds({ idChannel: '60000000001_07' }));
    expect(o.result).toEqual({ outcome: 'OK' });
  });

  describe('check order (§7.2)', () => {
    // [name, creds, fiscalCode, notice, expected code, expected description]
    const ORDER: [string, Creds, string, string, FaultCode, string | undefined][] = [
      ['unknown PSP + wrong password → PSP first', creds({ idPSP: 'PSPSCONOSCIUTO', password: 'wrongpwd1' }), EC, 'fresh', 'PPT_PSP_SCONOSCIUTO', undefined],
      [
        'unknown PSP + unknown broker + unknown channel → PSP first',
        { idPSP: 'PSPSCONOSCIUTO', idBrokerPSP: 'BROKERSCONOSCIUTO', idChannel: 'CANALESCONOSCIUTO', password: 'pwdpwdpwd' },
        EC,
        'fresh',
        'PPT_PSP_SCONOSCIUTO',
        undefined,
      ],
      ['disabled PSP + unknown broker → PSP_DISABILITATO first', creds({ idPSP: 'NOT_ENABLED', idBrokerPSP: 'BROKERSCONOSCIUTO' }), EC, 'fresh', 'PPT_PSP_DISABILITATO', undefined],
      [
        'unknown broker + unknown channel → broker first',
        creds({ idBrokerPSP: 'BROKERSCONOSCIUTO', idChannel: 'CANALESCONOSCIUTO' }),
        EC,
        'fresh',
        'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO',
        undefined,
      ],
      [
        'disabled broker + unknown channel → broker first',
        creds({ idBrokerPSP: 'INT_NOT_ENABLED', idChannel: 'CANALESCONOSCIUTO' }),
        EC,
        'fresh',
        'PPT_INTERMEDIARIO_PSP_DISABILITATO',
        undefined,
      ],
      ['unknown channel + wrong password → channel first', creds({ idChannel: 'CANALESCONOSCIUTO', password: 'wrongpwd1' }), EC, 'fresh', 'PPT_CANALE_SCONOSCIUTO', undefined],
      ['disabled channel + wrong password → channel first', creds({ idChannel: 'CANALE_NOT_ENABLED', password: 'wrongpwd1' }), EC, 'fresh', 'PPT_CANALE_DISABILITATO', undefined],
      [
        'wrong password + channel of another broker → AUTENTICAZIONE first',
        creds({ idChannel: '97735020584_03', password: 'wrongpwd1' }),
        EC,
        'fresh',
        'PPT_AUTENTICAZIONE',
        'Password sconosciuta o errata',
      ],
      ['wrong password + unknown EC → AUTENTICAZIONE first', creds({ password: 'wrongpwd1' }), '10000000000', 'fresh', 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata'],
      [
        'channel of another broker + no PSP-channel association → intermediario-canale first',
        creds({ idChannel: '97735020584_03' }),
        EC,
        'fresh',
        'PPT_AUTORIZZAZIONE',
        AUTORIZZAZIONE_INT_CANALE,
      ],
      [
        'no PSP-channel association + unknown EC → psp-canale first',
        creds({ idBrokerPSP: '97735020584', idChannel: '97735020584_03' }),
        '10000000000',
        'fresh',
        'PPT_AUTORIZZAZIONE',
        AUTORIZZAZIONE_PSP_CANALE,
      ],
      ['non-model-3 channel + unknown EC → channel model first', creds({ idChannel: '60000000001_07' }), '10000000000', 'fresh', 'PPT_AUTORIZZAZIONE', AUTORIZZAZIONE_MODEL],
      ['unknown EC + unknown segregation code → DOMINIO first', PSP, '10000000000', '355000000000000001', 'PPT_DOMINIO_SCONOSCIUTO', undefined],
      ['disabled EC + unknown segregation code → DOMINIO_DISABILITATO first', PSP, '11111122223', '355000000000000001', 'PPT_DOMINIO_DISABILITATO', undefined],
    ];
    describe.each(MODEL3_OPS)('%s', (op) => {
      it.each(ORDER)('%s', async (_name, c, fiscalCode, notice, code, description) => {
        const { result } = await model3(nodo, op, notice === 'fresh' ? freshNotice() : notice, c, fiscalCode);
        expectNodeFault(result, code, description);
      });

      it('an XSD violation + unknown PSP → PPT_SINTASSI_EXTRAXSD first', async () => {
        const { result } = await model3(nodo, op, '12345', creds({ idPSP: 'PSPSCONOSCIUTO' }));
        expectNodeFault(result, 'PPT_SINTASSI_EXTRAXSD', /noticeNumber/);
      });
    });

    describe.each(OUTCOME_OPS)('%s', (op) => {
      it('unknown PSP + wrong password → PSP first', async () => {
        const { result } = await outcome(nodo, op, UNKNOWN_TOKEN, creds({ idPSP: 'PSPSCONOSCIUTO', password: 'wrongpwd1' }));
        expectNodeFault(result, 'PPT_PSP_SCONOSCIUTO');
      });
      it('wrong password + unknown token → AUTENTICAZIONE first', async () => {
        const { result } = await outcome(nodo, op, UNKNOWN_TOKEN, creds({ password: 'wrongpwd1' }));
        expectNodeFault(result, 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
      });
      it('no PSP-channel association + unknown token → psp-canale first', async () => {
        const { result } = await outcome(nodo, op, UNKNOWN_TOKEN, creds({ idBrokerPSP: '97735020584', idChannel: '97735020584_03' }));
        expectNodeFault(result, 'PPT_AUTORIZZAZIONE', AUTORIZZAZIONE_PSP_CANALE);
      });
    });
  });

  /**
   * A registry variant: the token duration ceiling lowered under the XSD's 1800000 (the only way to reach
   * `expirationTime deve essere <= N` through a schema-valid request), and broker 60000000001 with the
   * extended fault bean.
   */
  describe('with a registry file: max token duration 60000 ms, extendedFaultBean on broker 60000000001', () => {
    const MAX = 60_000;
    let custom: RunningServer;
    let client: NodeForPsp;

    beforeAll(async () => {
      const registry = writeRegistryVariant((doc) => {
        doc.configuration.max_token_duration_validity_millis = MAX;
        doc.configuration.default_token_duration_validity_millis = MAX;
        const broker = doc.pspBrokers.find((b) => b.brokerPspCode === '60000000001')!;
        broker.extendedFaultBean = true;
      });
      custom = await startServer({ db: await database.create(), args: ['--registry', registry] });
      client = await NodeForPsp.connect(custom.wsdlUrl);
    });
    afterAll(async () => {
      await custom?.stop();
    });

    describe.each(['activatePaymentNotice', 'activatePaymentNoticeV2'] as const)('%s', (op) => {
      it(`expirationTime ${MAX + 1} → PPT_AUTORIZZAZIONE "expirationTime deve essere <= ${MAX}"`, async () => {
        const { result } = await model3(client, op, freshNotice(), PSP, EC, { expirationTime: MAX + 1 });
        expectNodeFault(result, 'PPT_AUTORIZZAZIONE', `expirationTime deve essere <= ${MAX}`);
      });
      it("expirationTime 1800000 (the XSD maximum) is over this registry's ceiling too", async () => {
        const { result } = await model3(client, op, freshNotice(), PSP, EC, { expirationTime: 1_800_000 });
        expectNodeFault(result, 'PPT_AUTORIZZAZIONE', `expirationTime deve essere <= ${MAX}`);
      });
      it(`expirationTime ${MAX} (exactly the ceiling) is accepted`, async () => {
        const { result } = await model3(client, op, freshNotice(), PSP, EC, { expirationTime: MAX });
        expect(result.outcome).toBe('OK');
        expect(result.paymentToken).toMatch(/^[0-9a-f]{32}$/);
      });
      it('PSP checks still come first: unknown PSP + expirationTime over the ceiling → PPT_PSP_SCONOSCIUTO', async () => {
        const { result } = await model3(client, op, freshNotice(), creds({ idPSP: 'PSPSCONOSCIUTO' }), EC, { expirationTime: MAX + 1 });
        expectNodeFault(result, 'PPT_PSP_SCONOSCIUTO');
      });
    });

    it.each(MODEL3_OPS)('%s: the PAA fault travels in originalFaultCode/String/Description, id = the EC', async (op) => {
      const { result } = await model3(client, op, NOT_IN_ARCHIVE);
      expect(result.outcome).toBe('KO');
      expect(result.fault).toMatchObject({
        faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
        faultString: FAULT_STRINGS.PPT_ERRORE_EMESSO_DA_PAA,
        id: EC,
        originalFaultCode: 'PAA_PAGAMENTO_SCONOSCIUTO',
        originalFaultString: PAA_FAULT_STRINGS.PAA_PAGAMENTO_SCONOSCIUTO,
      });
      expect(typeof result.fault?.originalDescription).toBe('string');
    });
  });
});
