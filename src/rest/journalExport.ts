import express from 'express';
import type { NodoContext } from '../nodo/context';
import { escapeXml } from '../soap/xmlWriter';
import { paymentExchanges, type JournalWriter } from '../store/journal';
import type { JournalRow } from '../store/rows';
import { pagedQuery } from './adminQuery';
import { ProblemError } from './problems';
import { journalEntryView } from './views/journalView';
import { exportZip } from './journalZip';

const EXPORT_PARAMS = ['noticeNumber', 'token', 'format'];
// one XML document (what a ticket takes as one attachment), or a ZIP of one file per message (what a
// diff tool or a conformance report takes)
const EXPORT_FORMATS = ['xml', 'zip'];

/**
 * GET /admin/journal/export?noticeNumber=…[&token=…][&format=xml|zip]: one payment's whole exchange set as
 * evidence, in the order it happened (verify → activate → EC calls → outcome → receipt). format=xml (the
 * default): every request and answer verbatim in CDATA, so one attachment shows a support ticket
 * everything; format=zip: the same exchanges as one file per message plus index.json (journalZip.ts).
 */
export function journalExportRouter(ctx: NodoContext, journal: JournalWriter): express.Router {
  const r = express.Router();
  r.get('/journal/export', async (req, res) => {
    const checked = pagedQuery(req.query, EXPORT_PARAMS);
    if (typeof checked === 'string') throw new ProblemError('bad-parameter', checked);
    const { noticeNumber, token, format = 'xml' } = checked.q;
    if (noticeNumber === undefined) throw new ProblemError('bad-parameter', 'noticeNumber is required: the 18-digit notice number of the payment to export');
    if (!/^\d{18}$/.test(noticeNumber)) throw new ProblemError('bad-parameter', `noticeNumber must be 18 digits, got "${noticeNumber}"`);
    // the node's tokens are hex: a token of other characters names no payment, and would not be a safe file name
    if (token !== undefined && !/^[A-Za-z0-9_-]{1,35}$/.test(token)) {
      throw new ProblemError('bad-parameter', `token must be a payment token (at most 35 letters, digits, - or _), got "${token}"`);
    }
    if (!EXPORT_FORMATS.includes(format)) throw new ProblemError('bad-parameter', `format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
    await journal.flush();
    const rows = await paymentExchanges(ctx.db, { noticeNumber, token });
    if (!rows.length) throw new ProblemError('not-found', `no journal exchange for notice ${noticeNumber}${token ? ` and token ${token}` : ''}`);
    const head = { noticeNumber, token, exportedAt: ctx.clock.now().toISOString() };
    // quoted, as most clients (curl -OJ, browsers) read it; the name holds only digits, letters, - and _
    const file = `journal-${noticeNumber}${token ? `-${token}` : ''}.${format}`;
    res.set('Content-Disposition', `attachment; filename="${file}"`);
    if (format === 'zip') res.type('application/zip').send(Buffer.from(exportZip(rows, head)));
    else res.type('text/xml; charset=UTF-8').send(exportDocument(rows, head));
  });
  return r;
}

/** Text kept verbatim inside CDATA: a `]]>` in it is split across two sections. */
function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function attrs(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export function exportDocument(rows: JournalRow[], head: { noticeNumber: string; token?: string; exportedAt: string }): string {
  const exchanges = rows.map((row, i) => {
    const v = journalEntryView(row);
    const a = attrs({
      seq: i + 1,
      id: v.id,
      at: v.at,
      direction: v.direction,
      operation: v.operation,
      idPSP: v.idPSP,
      idChannel: v.idChannel,
      stationCode: v.stationCode,
      fiscalCode: v.fiscalCode,
      noticeNumber: v.noticeNumber,
      token: v.token,
      outcome: v.outcome,
      faultCode: v.faultCode,
      httpStatus: v.httpStatus,
      durationUs: v.durationUs,
    });
    return `  <exchange${a}>\n    <request>${cdata(row.request_xml)}</request>\n    <response>${cdata(row.response_xml)}</response>\n  </exchange>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<journalExport${attrs({ ...head, count: rows.length })}>\n${exchanges.join('')}</journalExport>\n`;
}
