import { describe, expect, it } from '@jest/globals';
import { NodoFault } from '../../src/nodo/faults';
import { Registry, type PspCredentials } from '../../src/nodo/registry';
import type { RegistryDocument } from '../../src/nodo/registryModel';

/**
 * The registry checks in the official order (spec §7.2–§7.3), on an in-memory registry: each test breaks
 * one thing, or several at once to prove which check answers first.
 */
function doc(): RegistryDocument {
  return {
    psps: [
      { pspCode: 'PSP1', enabled: true, businessName: 'PSP one' },
      { pspCode: 'PSPOFF', enabled: false, businessName: 'disabled' },
    ],
    pspBrokers: [
      { brokerPspCode: 'BRK1', enabled: true },
      { brokerPspCode: 'BRKOFF', enabled: false },
      { brokerPspCode: 'BRK2', enabled: true },
    ],
    channels: [
      { channelCode: 'CH1', enabled: true, password: 'password1', brokerPspCode: 'BRK1', paymentModel: 'ATTIVATO_PRESSO_PSP', primitiveVersion: 2 },
      { channelCode: 'CHOFF', enabled: false, password: 'password1', brokerPspCode: 'BRK1', paymentModel: 'ATTIVATO_PRESSO_PSP', primitiveVersion: 2 },
      { channelCode: 'CHIMM', enabled: true, password: 'password1', brokerPspCode: 'BRK1', paymentModel: 'IMMEDIATO', primitiveVersion: 1 },
      { channelCode: 'CHLONE', enabled: true, password: 'password1', brokerPspCode: 'BRK1', paymentModel: 'ATTIVATO_PRESSO_PSP', primitiveVersion: 1 },
    ],
    pspChannels: [
      { pspCode: 'PSP1', channelCode: 'CH1' },
      { pspCode: 'PSP1', channelCode: 'CHIMM' },
      { pspCode: 'PSP1', channelCode: 'CHOFF' },
    ],
    creditorInstitutions: [
      { creditorInstitutionCode: '77777777777', enabled: true, businessName: 'Comune' },
      { creditorInstitutionCode: '00000000000', enabled: false, businessName: 'disabled' },
    ],
    ecBrokers: [
      { brokerCode: '77777777777', enabled: true },
      { brokerCode: 'ECBRKOFF', enabled: false },
    ],
    stations: [
      { stationCode: '77777777777_01', enabled: true, brokerCode: '77777777777', primitiveVersion: 1, backend: { type: 'synthetic' } },
      { stationCode: '77777777777_02', enabled: true, brokerCode: '77777777777', primitiveVersion: 2, backend: { type: 'archive' } },
      { stationCode: '77777777777_03', enabled: false, brokerCode: '77777777777', primitiveVersion: 2, backend: { type: 'archive' } },
      { stationCode: '77777777777_04', enabled: true, brokerCode: 'ECBRKOFF', primitiveVersion: 2, backend: { type: 'archive' } },
      { stationCode: '77777777777_05', enabled: true, brokerCode: 'NOBROKER', primitiveVersion: 2, backend: { type: 'archive' } },
    ],
    stationCreditorInstitutions: [
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_01', auxDigit: 3, segregationCode: '01' },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_02', auxDigit: 3, segregationCode: '02', primitiveVersion: 1 },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_03', auxDigit: 3, segregationCode: '03' },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_04', auxDigit: 3, segregationCode: '04' },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_05', auxDigit: 3, segregationCode: '05' },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_02', auxDigit: 0, applicationCode: '11' },
      { creditorInstitutionCode: '77777777777', stationCode: '77777777777_01', auxDigit: 1 },
      { creditorInstitutionCode: '77777777777', stationCode: 'NO_SUCH_STATION', auxDigit: 3, segregationCode: '09' },
    ],
    ibans: [{ creditorInstitutionCode: '77777777777', iban: 'IT60X0542811101000000123456' }],
    postalAccounts: [],
    denylist: [],
    services: [],
    subscriptionKeys: [
      { key: 'ec-key', creditorInstitutionCode: '77777777777' },
      { key: 'broker-key', brokerCode: '77777777777' },
    ],
    configuration: { useIdempotency: false },
  };
}
const registry = new Registry(doc(), 1);
const OK: PspCredentials = { idPSP: 'PSP1', idBrokerPSP: 'BRK1', idChannel: 'CH1', password: 'password1' };

/** The fault code (and description, when the node words it) a check throws. */
function faultOf(fn: () => unknown): { code: string; description?: string } {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof NodoFault)) throw err;
    return err.description === undefined ? { code: err.code } : { code: err.code, description: err.description };
  }
  throw new Error('no fault thrown');
}

describe('checkPsp (§7.2 steps 2–7)', () => {
  it('valid credentials give the PSP, broker and channel', () => {
    const ctx = registry.checkPsp(OK, { model3: true });
    expect([ctx.psp.pspCode, ctx.broker.brokerPspCode, ctx.channel.channelCode]).toEqual(['PSP1', 'BRK1', 'CH1']);
  });

  it.each<[string, Partial<PspCredentials>, { code: string; description?: string }]>([
    ['unknown PSP', { idPSP: 'NOPE' }, { code: 'PPT_PSP_SCONOSCIUTO' }],
    ['disabled PSP', { idPSP: 'PSPOFF' }, { code: 'PPT_PSP_DISABILITATO' }],
    ['unknown broker', { idBrokerPSP: 'NOPE' }, { code: 'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO' }],
    ['disabled broker', { idBrokerPSP: 'BRKOFF' }, { code: 'PPT_INTERMEDIARIO_PSP_DISABILITATO' }],
    ['unknown channel', { idChannel: 'NOPE' }, { code: 'PPT_CANALE_SCONOSCIUTO' }],
    ['disabled channel', { idChannel: 'CHOFF' }, { code: 'PPT_CANALE_DISABILITATO' }],
    ['wrong password', { password: 'wrong' }, { code: 'PPT_AUTENTICAZIONE', description: 'Password sconosciuta o errata' }],
    ['channel of another broker', { idBrokerPSP: 'BRK2' }, { code: 'PPT_AUTORIZZAZIONE', description: 'Configurazione intermediario-canale non corretta' }],
    ['channel not the PSP’s', { idChannel: 'CHLONE' }, { code: 'PPT_AUTORIZZAZIONE', description: 'Configurazione psp-canale non corretta' }],
  ])('%s', (_case, change, fault) => {
    expect(faultOf(() => registry.checkPsp({ ...OK, ...change }, { model3: true }))).toEqual(fault);
  });

  it('model 3 needs an ATTIVATO_PRESSO_PSP channel; the outcome does not check it', () => {
    expect(faultOf(() => registry.checkPsp({ ...OK, idChannel: 'CHIMM' }, { model3: true }))).toEqual({
      code: 'PPT_AUTORIZZAZIONE',
      description: "Il canale non è di tipo 'ATTIVATO_PRESSO_PSP'",
    });
    expect(registry.checkPsp({ ...OK, idChannel: 'CHIMM' }, { model3: false }).channel.channelCode).toBe('CHIMM');
  });

  it.each<[string, Partial<PspCredentials>, string]>([
    ['PSP before everything else', { idPSP: 'NOPE', idBrokerPSP: 'NOPE', idChannel: 'NOPE', password: 'x' }, 'PPT_PSP_SCONOSCIUTO'],
    ['broker before channel', { idBrokerPSP: 'NOPE', idChannel: 'NOPE', password: 'x' }, 'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO'],
    ['channel before password', { idChannel: 'NOPE', password: 'x' }, 'PPT_CANALE_SCONOSCIUTO'],
    ['disabled channel before password', { idChannel: 'CHOFF', password: 'x' }, 'PPT_CANALE_DISABILITATO'],
    ['password before broker-channel authorization', { idBrokerPSP: 'BRK2', password: 'x' }, 'PPT_AUTENTICAZIONE'],
    ['password before the payment model', { idChannel: 'CHIMM', password: 'x' }, 'PPT_AUTENTICAZIONE'],
  ])('the order: %s', (_case, change, code) => {
    expect(faultOf(() => registry.checkPsp({ ...OK, ...change }, { model3: true })).code).toBe(code);
  });
});

describe('checkEc (§7.2 steps 8–9, §7.3)', () => {
  it('aux digit 3: the segregation code picks the station; the association overrides its primitive version', () => {
    const one = registry.checkEc('77777777777', '301123456789012345');
    expect([one.station.stationCode, one.primitiveVersion, one.iuv, one.brokerCode]).toEqual(['77777777777_01', 1, '01123456789012345', '77777777777']);
    const two = registry.checkEc('77777777777', '302123456789012345');
    expect([two.station.stationCode, two.primitiveVersion]).toEqual(['77777777777_02', 1]);
  });

  it('aux digit 0: the application code picks the station, the IUV starts after it', () => {
    const ctx = registry.checkEc('77777777777', '011123456789012345');
    expect([ctx.station.stationCode, ctx.iuv]).toEqual(['77777777777_02', '123456789012345']);
  });

  it('aux digit 1: the association without codes for that aux digit', () => {
    expect(registry.checkEc('77777777777', '112345678901234567').station.stationCode).toBe('77777777777_01');
  });

  it.each<[string, string, string, { code: string; description?: string }]>([
    ['unknown EC', '99999999999', '301123456789012345', { code: 'PPT_DOMINIO_SCONOSCIUTO' }],
    ['disabled EC', '00000000000', '301123456789012345', { code: 'PPT_DOMINIO_DISABILITATO' }],
    [
      'no station for the segregation code',
      '77777777777',
      '388123456789012345',
      { code: 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', description: 'Configurazione pa-progressivo stazione non corretta' },
    ],
    [
      'no station for the application code',
      '77777777777',
      '099123456789012345',
      { code: 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', description: 'Configurazione pa-progressivo stazione non corretta' },
    ],
    [
      'no association for aux digit 2',
      '77777777777',
      '212345678901234567',
      { code: 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', description: 'Configurazione pa-progressivo stazione non corretta' },
    ],
    [
      'an association naming a missing station',
      '77777777777',
      '309123456789012345',
      { code: 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', description: 'Configurazione pa-progressivo stazione non corretta' },
    ],
    ['disabled station', '77777777777', '303123456789012345', { code: 'PPT_STAZIONE_INT_PA_DISABILITATA' }],
    ['disabled EC broker', '77777777777', '304123456789012345', { code: 'PPT_INTERMEDIARIO_PA_DISABILITATO' }],
    ['unknown EC broker', '77777777777', '305123456789012345', { code: 'PPT_INTERMEDIARIO_PA_SCONOSCIUTO' }],
  ])('%s', (_case, ec, nav, fault) => {
    expect(faultOf(() => registry.checkEc(ec, nav))).toEqual(fault);
  });

  it('the EC is checked before the notice number is even read', () => {
    expect(faultOf(() => registry.checkEc('99999999999', 'garbage')).code).toBe('PPT_DOMINIO_SCONOSCIUTO');
  });
});

describe('subscription keys and IBANs', () => {
  it.each<[string | undefined, string, boolean | undefined]>([
    [undefined, '77777777777', undefined],
    ['no-such-key', '77777777777', undefined],
    ['ec-key', '77777777777', true],
    ['ec-key', '88888888888', false],
    ['broker-key', '77777777777', true],
    ['broker-key', '88888888888', false],
  ])('key %s acting for %s → %s', (key, ec, allowed) => {
    expect(registry.subscriptionAllows(key, ec)).toBe(allowed);
  });

  it('IBANs are registered per EC', () => {
    expect(registry.isIbanRegistered('77777777777', 'IT60X0542811101000000123456')).toBe(true);
    expect(registry.isIbanRegistered('88888888888', 'IT60X0542811101000000123456')).toBe(false);
    expect(registry.firstIban('77777777777')).toBe('IT60X0542811101000000123456');
    expect(registry.firstIban('88888888888')).toBeUndefined();
  });

  it('configuration: the document overrides the defaults, the rest keep them', () => {
    expect(registry.config.useIdempotency).toBe(false);
    expect(registry.config['receipts.retryBackoffSeconds']).toBe('1,2,5,10,30,60,300,900,3600');
    expect(Object.isFrozen(registry.config)).toBe(true);
  });
});
