import { advanceClock, admin, type NodeForPsp } from '../helpers/soap';
import { ARCHIVE, EC2, freshNav, pay, publishNotice } from '../receipts/helpers';

export const FDR_ORG_SPEC = 'pagopa-api/openapi/fdr_organization.json';
export const ORG_BASE = '/fdr-org/service/v1';
export const PSP_ID = '60000000001';
export const DAY_MS = 86_400_000;

export interface PaidNotice {
  nav: string;
  iuv: string;
  token: string;
}

/** What a day of payments left: two archive notices (one with a transfer to EC2) and one on a remote station. */
export interface PaidDay {
  multi: PaidNotice;
  single: PaidNotice;
  remote: PaidNotice;
}

/**
 * Pays three notices today as PSP 60000000001: archive (segregation ARCHIVE) 20.00 to 66666666666 + 5.00 to
 * 88888888888, archive 15.00, and a remote-station (mock EC, segregation 03) 30.00 notice. Then moves the clock
 * a day, so that the generator's default "yesterday" is the day they were paid.
 */
export async function payADay(baseUrl: string, nodo: NodeForPsp): Promise<PaidDay> {
  const multiNav = freshNav(ARCHIVE);
  const singleNav = freshNav(ARCHIVE);
  await publishNotice(baseUrl, multiNav, [{ cents: 2000 }, { cents: 500, ec: EC2, iban: 'IT57N0760114800000011050036' }]);
  await publishNotice(baseUrl, singleNav, [{ cents: 1500 }]);
  const remoteNav = freshNav('03');
  // the mock EC behind the remote station answers from the positions GPD holds for it
  await publishNotice(baseUrl, remoteNav, [{ cents: 3000 }]);
  const multi = await pay(nodo, multiNav, 2500, true);
  const single = await pay(nodo, singleNav, 1500, false);
  const remote = await pay(nodo, remoteNav, 3000, true);
  const res = await advanceClock(baseUrl, DAY_MS);
  if (res.status !== 200) throw new Error(`clock: ${res.status}`);
  const of = (nav: string, token: string): PaidNotice => ({ nav, iuv: nav.slice(1), token });
  return { multi: of(multiNav, multi.token), single: of(singleNav, single.token), remote: of(remoteNav, remote.token) };
}

export interface GeneratedFlowView {
  fdr: string;
  pspId: string;
  organizationId: string;
  revision: number;
  payments: number;
  sumCents: number;
  reportedTransfers: number;
}

export const generate = (baseUrl: string, body?: object) =>
  admin<{ job: string; date: string; processed: number; flows: GeneratedFlowView[]; skipped: { pspId: string; organizationId: string; fdr: string }[] }>(
    baseUrl,
    '/admin/jobs/generateReportingFlows/run',
    body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );

export interface Answer {
  status: number;
  text: string;
  json: any;
}

export async function orgGet(baseUrl: string, path: string, key: string | null): Promise<Answer> {
  const res = await fetch(`${baseUrl}${ORG_BASE}${path}`, { headers: key ? { 'Ocp-Apim-Subscription-Key': key } : {} });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}
