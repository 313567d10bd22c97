import type { Db } from './db';
import type { RegistryDocument } from '../nodo/registryModel';

/**
 * The registry in the database. A load replaces every table in one transaction and bumps the version,
 * so that every process sharing the database picks the new snapshot up.
 */
export async function saveRegistry(db: Db, doc: RegistryDocument, source: string, now: number): Promise<number> {
  return db.knex.transaction(async (trx) => {
    for (const t of [
      'psp_channels',
      'channels',
      'psps',
      'psp_brokers',
      'station_ecs',
      'stations',
      'creditor_institutions',
      'ec_brokers',
      'ibans',
      'postal_accounts',
      'denylist',
      'cds_subjects',
      'cds_services',
      'subscription_keys',
      'config_keys',
    ]) {
      await trx(t).del();
    }
    const insert = async (table: string, rows: object[]) => {
      for (let i = 0; i < rows.length; i += 200) await trx(table).insert(rows.slice(i, i + 200));
    };
    await insert(
      'psps',
      doc.psps.map((p) => ({
        psp_code: p.pspCode,
        enabled: p.enabled,
        business_name: p.businessName,
        tax_code: p.taxCode ?? null,
        vat_number: p.vatNumber ?? null,
        digital_stamp: p.digitalStamp ?? false,
        abi: p.abi ?? null,
        bic: p.bic ?? null,
      })),
    );
    await insert(
      'psp_brokers',
      doc.pspBrokers.map((b) => ({ broker_psp_code: b.brokerPspCode, enabled: b.enabled, description: b.description ?? null, extended_fault_bean: b.extendedFaultBean ?? false })),
    );
    await insert(
      'channels',
      doc.channels.map((c) => ({
        channel_code: c.channelCode,
        enabled: c.enabled,
        password: c.password,
        broker_psp_code: c.brokerPspCode,
        payment_model: c.paymentModel,
        primitive_version: c.primitiveVersion,
        flag_standin: c.flagStandIn ?? false,
        pagopa_touchpoint: c.pagoPaTouchpoint ?? false,
        description: c.description ?? null,
      })),
    );
    await insert(
      'psp_channels',
      doc.pspChannels.map((pc) => ({ psp_code: pc.pspCode, channel_code: pc.channelCode, payment_type: pc.paymentType ?? 'PO' })),
    );
    await insert(
      'creditor_institutions',
      doc.creditorInstitutions.map((e) => ({
        ci_code: e.creditorInstitutionCode,
        enabled: e.enabled,
        business_name: e.businessName,
        office_name: e.officeName ?? null,
        reporting_ftp: e.reportingFtp ?? false,
      })),
    );
    await insert(
      'ec_brokers',
      doc.ecBrokers.map((b) => ({ broker_code: b.brokerCode, enabled: b.enabled, description: b.description ?? null, extended_fault_bean: b.extendedFaultBean ?? false })),
    );
    await insert(
      'stations',
      doc.stations.map((s) => ({
        station_code: s.stationCode,
        enabled: s.enabled,
        broker_code: s.brokerCode,
        password: s.password ?? null,
        primitive_version: s.primitiveVersion,
        backend: s.backend.type,
        endpoint_url: s.backend.url ?? null,
        synthetic_amount_cents: s.backend.amount ? Math.round(Number(s.backend.amount) * 100) : null,
        flag_standin: s.flagStandIn ?? false,
        timeout_verify_ms: s.backend.timeouts?.verifyMs ?? null,
        timeout_get_payment_ms: s.backend.timeouts?.getPaymentMs ?? null,
        timeout_send_rt_ms: s.backend.timeouts?.sendRtMs ?? null,
      })),
    );
    await insert(
      'station_ecs',
      doc.stationCreditorInstitutions.map((a) => ({
        ci_code: a.creditorInstitutionCode,
        station_code: a.stationCode,
        aux_digit: a.auxDigit ?? null,
        segregation_code: a.segregationCode ?? null,
        application_code: a.applicationCode ?? null,
        broadcast: a.broadcast ?? false,
        primitive_version: a.primitiveVersion ?? null,
      })),
    );
    await insert(
      'ibans',
      doc.ibans.map((i) => ({
        ci_code: i.creditorInstitutionCode,
        iban: i.iban,
        label: i.label ?? null,
        description: i.description ?? null,
        validity_date: i.validityDate ?? null,
      })),
    );
    await insert(
      'postal_accounts',
      doc.postalAccounts.map((a) => ({ cc_post: a.ccPost, ci_code: a.creditorInstitutionCode })),
    );
    await insert(
      'denylist',
      doc.denylist.map((d) => ({ ci_code: d.creditorInstitutionCode, psp_code: d.pspCode, channel_code: d.channelCode })),
    );
    await insert(
      'cds_services',
      doc.services.map((s) => ({ service_id: s.idServizio, description: s.description, category: s.category ?? null, version: s.version, xsd: s.xsd })),
    );
    await insert(
      'cds_subjects',
      doc.services.flatMap((s) =>
        s.subjects.map((x) => ({
          subject_id: x.idSoggettoServizio,
          service_id: s.idServizio,
          ci_code: x.creditorInstitutionCode,
          station_code: x.stationCode,
          valid_from: x.validFrom,
          valid_to: x.validTo ?? null,
          commission: x.commission ?? false,
        })),
      ),
    );
    await insert(
      'subscription_keys',
      doc.subscriptionKeys.map((k) => ({
        subscription_key: k.key,
        ci_code: k.creditorInstitutionCode ?? null,
        broker_code: k.brokerCode ?? null,
        psp_code: k.pspCode ?? null,
        description: k.description ?? null,
      })),
    );
    await insert(
      'config_keys',
      Object.entries(doc.configuration).map(([key, value]) => ({ key, value: JSON.stringify(value) })),
    );
    const meta = await trx('registry_meta').where({ id: 1 }).first();
    const version = (meta?.version ?? 0) + 1;
    if (meta) await trx('registry_meta').where({ id: 1 }).update({ version, loaded_at: now, source });
    else await trx('registry_meta').insert({ id: 1, version, loaded_at: now, source });
    return version;
  });
}

export async function registryVersion(db: Db): Promise<number | undefined> {
  const meta = await db.knex('registry_meta').where({ id: 1 }).first('version');
  return meta?.version;
}

const b = (v: unknown) => v === true || v === 1;
/** a remote station's stored timeouts; undefined when none is set (the node's defaults apply) */
function timeouts(r: { timeout_verify_ms: number | null; timeout_get_payment_ms: number | null; timeout_send_rt_ms: number | null }) {
  const t = { verifyMs: opt(r.timeout_verify_ms), getPaymentMs: opt(r.timeout_get_payment_ms), sendRtMs: opt(r.timeout_send_rt_ms) };
  return t.verifyMs === undefined && t.getPaymentMs === undefined && t.sendRtMs === undefined ? undefined : t;
}
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export async function loadRegistry(db: Db): Promise<{ doc: RegistryDocument; version: number } | undefined> {
  const k = db.knex;
  const meta = await k('registry_meta').where({ id: 1 }).first();
  if (!meta) return undefined;
  const [psps, pspBrokers, channels, pspChannels, ecs, ecBrokers, stations, assocs, ibans, postal, denylist, services, subjects, subscriptionKeys, keys] = await Promise.all([
    k('psps').orderBy('psp_code'),
    k('psp_brokers').orderBy('broker_psp_code'),
    k('channels').orderBy('channel_code'),
    k('psp_channels'),
    k('creditor_institutions').orderBy('ci_code'),
    k('ec_brokers').orderBy('broker_code'),
    k('stations').orderBy('station_code'),
    k('station_ecs'),
    k('ibans'),
    k('postal_accounts').orderBy('cc_post'),
    k('denylist'),
    k('cds_services').orderBy('service_id'),
    k('cds_subjects').orderBy('subject_id'),
    k('subscription_keys').orderBy('subscription_key'),
    k('config_keys'),
  ]);
  const doc: RegistryDocument = {
    psps: psps.map((r) => ({
      pspCode: r.psp_code,
      enabled: b(r.enabled),
      businessName: r.business_name,
      taxCode: opt(r.tax_code),
      vatNumber: opt(r.vat_number),
      digitalStamp: b(r.digital_stamp),
      abi: opt(r.abi),
      bic: opt(r.bic),
    })),
    pspBrokers: pspBrokers.map((r) => ({ brokerPspCode: r.broker_psp_code, enabled: b(r.enabled), description: opt(r.description), extendedFaultBean: b(r.extended_fault_bean) })),
    channels: channels.map((r) => ({
      channelCode: r.channel_code,
      enabled: b(r.enabled),
      password: r.password,
      brokerPspCode: r.broker_psp_code,
      paymentModel: r.payment_model,
      primitiveVersion: r.primitive_version,
      flagStandIn: b(r.flag_standin),
      pagoPaTouchpoint: b(r.pagopa_touchpoint),
      description: opt(r.description),
    })),
    pspChannels: pspChannels.map((r) => ({ pspCode: r.psp_code, channelCode: r.channel_code, paymentType: r.payment_type })),
    creditorInstitutions: ecs.map((r) => ({
      creditorInstitutionCode: r.ci_code,
      enabled: b(r.enabled),
      businessName: r.business_name,
      officeName: opt(r.office_name),
      ...(b(r.reporting_ftp) ? { reportingFtp: true } : {}),
    })),
    ecBrokers: ecBrokers.map((r) => ({ brokerCode: r.broker_code, enabled: b(r.enabled), description: opt(r.description), extendedFaultBean: b(r.extended_fault_bean) })),
    stations: stations.map((r) => ({
      stationCode: r.station_code,
      enabled: b(r.enabled),
      brokerCode: r.broker_code,
      password: opt(r.password),
      primitiveVersion: r.primitive_version,
      backend: {
        type: r.backend,
        url: opt(r.endpoint_url),
        amount: r.synthetic_amount_cents === null ? undefined : (Number(r.synthetic_amount_cents) / 100).toFixed(2),
        timeouts: timeouts(r),
      },
      flagStandIn: b(r.flag_standin),
    })),
    stationCreditorInstitutions: assocs.map((r) => ({
      creditorInstitutionCode: r.ci_code,
      stationCode: r.station_code,
      auxDigit: opt(r.aux_digit),
      segregationCode: opt(r.segregation_code),
      applicationCode: opt(r.application_code),
      broadcast: b(r.broadcast),
      primitiveVersion: opt(r.primitive_version),
    })),
    ibans: ibans.map((r) => ({ creditorInstitutionCode: r.ci_code, iban: r.iban, label: opt(r.label), description: opt(r.description), validityDate: opt(r.validity_date) })),
    postalAccounts: postal.map((r) => ({ ccPost: r.cc_post, creditorInstitutionCode: r.ci_code })),
    denylist: denylist.map((r) => ({ creditorInstitutionCode: r.ci_code, pspCode: r.psp_code, channelCode: r.channel_code })),
    services: services.map((r) => ({
      idServizio: r.service_id,
      description: r.description,
      category: opt(r.category),
      version: r.version,
      xsd: r.xsd,
      subjects: subjects
        .filter((x) => x.service_id === r.service_id)
        .map((x) => ({
          idSoggettoServizio: x.subject_id,
          creditorInstitutionCode: x.ci_code,
          stationCode: x.station_code,
          validFrom: x.valid_from,
          validTo: opt(x.valid_to),
          commission: b(x.commission),
        })),
    })),
    subscriptionKeys: subscriptionKeys.map((r) => ({
      key: r.subscription_key,
      creditorInstitutionCode: opt(r.ci_code),
      brokerCode: opt(r.broker_code),
      pspCode: opt(r.psp_code),
      description: opt(r.description),
    })),
    configuration: Object.fromEntries(keys.map((r) => [r.key, JSON.parse(r.value)])),
  };
  return { doc, version: meta.version };
}
