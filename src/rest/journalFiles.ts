import type { JournalRow } from '../store/rows';

export type ExchangePart = 'request' | 'response';

/**
 * One journalled message as a file: its extension and Content-Type. A SOAP exchange is XML both ways; a
 * REST one (bizevents.*, an operation name with a dot) holds its request line and its JSON answer. The
 * per-exchange downloads and the ZIP export name their files with this, so the two never disagree.
 */
export function exchangeFile(row: Pick<JournalRow, 'operation'>, part: ExchangePart): { ext: 'xml' | 'txt' | 'json'; type: string } {
  const rest = row.operation?.includes('.') ?? false;
  if (!rest) return { ext: 'xml', type: 'text/xml; charset=UTF-8' };
  return part === 'request' ? { ext: 'txt', type: 'text/plain; charset=UTF-8' } : { ext: 'json', type: 'application/json; charset=UTF-8' };
}

/** The message itself, as stored (passwords already masked when it was journalled: soap/pipeline.ts). */
export const exchangeBody = (row: Pick<JournalRow, 'request_xml' | 'response_xml'>, part: ExchangePart): string => (part === 'request' ? row.request_xml : row.response_xml);
