import type { JournalRow } from '../../store/rows';
import { type Iso, iso, num } from './viewValues';

/** /admin/journal: one exchange, indexed keys only (the XML is behind its links). */
export interface JournalEntryView {
  id: number;
  at: Iso;
  requestId: string;
  /** 'in': a PSP called the node; 'out': the node called an EC station */
  direction: 'in' | 'out';
  operation: string | null;
  idPSP: string | null;
  idChannel: string | null;
  /** out: the station called */
  stationCode: string | null;
  fiscalCode: string | null;
  noticeNumber: string | null;
  token: string | null;
  outcome: string | null;
  faultCode: string | null;
  /** 0: no HTTP answer (an EC station that did not answer) */
  httpStatus: number;
  durationUs: number;
  /** the pending-notice hint: the debtor's other open notices when this verify/activate was answered */
  debtorOpenNotices: number | null;
  debtorOpenAmountCents: number | null;
  links: { request: string; response: string };
}

export function journalEntryView(r: Omit<JournalRow, 'request_xml' | 'response_xml'>): JournalEntryView {
  const id = Number(r.id);
  return {
    id,
    at: iso(r.at),
    requestId: r.request_id,
    direction: r.direction ?? 'in',
    operation: r.operation,
    idPSP: r.id_psp,
    idChannel: r.id_channel,
    stationCode: r.station_code ?? null,
    fiscalCode: r.fiscal_code,
    noticeNumber: r.notice_number,
    token: r.token,
    outcome: r.outcome,
    faultCode: r.fault_code,
    httpStatus: Number(r.http_status),
    durationUs: Number(r.duration_us),
    debtorOpenNotices: num(r.debtor_open_notices),
    debtorOpenAmountCents: num(r.debtor_open_amount_cents),
    links: { request: `/admin/journal/${id}/request.xml`, response: `/admin/journal/${id}/response.xml` },
  };
}
