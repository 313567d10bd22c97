/**
 * The importer's pipeline: a reader turns file lines into raw units (one debt position each, GPD-shaped),
 * the validator turns a unit into an ImportPosition (row-shaped, ready to bind) or a Rejection, and a
 * writer stores batches of positions in one transaction each.
 */

/** One debt position as read from the file, before validation. */
export interface RawUnit {
  /** 1-based line of the position (JSONL) or of its first row (CSV) */
  line: number;
  /** a GPD PaymentPositionModel plus organizationFiscalCode, or undefined when the line did not parse */
  raw: unknown;
  /** CSV: the line of each payment option's row, so that an error names the row at fault */
  optionLines?: number[];
  /** rows of the file this unit consumed (1 for JSONL) */
  rows: number;
  /** set when the line itself is malformed (bad JSON) */
  parseError?: string;
}

/** A batch of units and how far into the file (bytes) the reader has got, for the progress bar. */
export interface ReadChunk {
  units: RawUnit[];
  bytesRead: number;
}

export interface ImportTransfer {
  idTransfer: number;
  amountCents: number;
  organizationFiscalCode: string;
  companyName: string | null;
  iban: string | null;
  postalIban: string | null;
  remittanceInformation: string;
  category: string;
  metadataJson: string | null;
  stampHash: string | null;
  stampType: string | null;
  stampProvince: string | null;
}

export interface ImportOption {
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  description: string;
  dueDate: string;
  isPartialPayment: boolean;
  retentionDate: string | null;
  feeCents: number;
  metadataJson: string | null;
  transfers: ImportTransfer[];
}

/** Column values of debt_positions (see store/archive.ts insertPosition for the same mapping). */
export interface ImportPosition {
  line: number;
  /** CSV: the line of each option's row */
  optionLines?: number[];
  organizationFiscalCode: string;
  iupd: string;
  debtorType: 'F' | 'G';
  debtorFiscalCode: string;
  debtorFullName: string;
  debtorJson: string;
  companyName: string;
  officeName: string | null;
  payStandIn: boolean;
  switchToExpired: boolean;
  validityDate: number | null;
  options: ImportOption[];
}

export interface Rejection {
  line: number;
  /** GPD field path (paymentOption[0].amount) or CSV column name */
  field: string;
  message: string;
}

export type ImportStatus = 'VALID' | 'DRAFT';

/** What a writer needs to know about a batch: the keys to probe for duplicates already in the archive. */
export interface Writer {
  /** true when the archive holds no position or option at all: duplicate probes can be skipped */
  archiveEmpty(): Promise<boolean>;
  /** the EC+NAV and EC+IUPD keys of `batch` that the archive already holds, as `ec|nav` and `ec|iupd` */
  existing(batch: ImportPosition[]): Promise<{ navs: Set<string>; iupds: Set<string> }>;
  /** inserts `batch`: in its own transaction, or inside the one atomic transaction opened by begin() */
  write(batch: ImportPosition[], status: ImportStatus, now: number): Promise<void>;
  /** --atomic: one transaction around every write */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown for usage, IO and database problems: exit code 2 with one line. */
export class ImportError extends Error {}
