import type { ImportOption, ImportPosition, ImportTransfer, RawUnit, Rejection } from './types';

/**
 * Checks one GPD-shaped position and maps it to column values. The first fault wins: a position is
 * imported whole or not at all, and one precise reason is more useful than a cascade. Lengths are the
 * column sizes of the archive migration, because PostgreSQL enforces them and SQLite would not.
 */

export interface Registry {
  /** EC fiscal code → its business and office name */
  get(ci: string): { businessName: string; officeName: string | null } | undefined;
}

export interface Seen {
  /** `ec|nav` → line of its first occurrence in the file */
  navs: Map<string, number>;
  /** `ec|iupd` → line */
  iupds: Map<string, number>;
}

class Fault extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly option?: number,
  ) {
    super(message);
  }
}

const EC_CODE = /^\d{11}$/;
const NAV = /^\d{18}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/;
const CF_F = /^[A-Z0-9]{16}$/;
const IBAN = /^[A-Za-z0-9]{1,35}$/;

function str(v: unknown, field: string, max: number, required: boolean, option?: number): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new Fault(field, 'is required', option);
    return null;
  }
  if (typeof v !== 'string') throw new Fault(field, 'must be a string', option);
  if (v.length > max) throw new Fault(field, `must be at most ${max} characters`, option);
  return v;
}

function cents(v: unknown, field: string, option?: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new Fault(field, 'must be a positive integer (cents)', option);
  return v;
}

function bool(v: unknown, field: string, dflt: boolean, option?: number): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new Fault(field, 'must be true or false', option);
  return v;
}

/** YYYY-MM-DD, or a GPD date-time of which the date part is kept; the calendar date must exist. */
function day(v: unknown, field: string, required: boolean, option?: number): string | null {
  if ((v === undefined || v === null || v === '') && !required) return null;
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) throw new Fault(field, 'must be a date YYYY-MM-DD', option);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new Fault(field, 'must be a date YYYY-MM-DD', option);
  return (v as string).slice(0, 10);
}

function metadata(v: unknown, field: string, option?: number): string | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length > 10) throw new Fault(field, 'must be a list of at most 10 {key, value} pairs', option);
  for (const e of v) {
    if (!e || typeof e !== 'object' || typeof e.key !== 'string' || typeof e.value !== 'string') throw new Fault(field, 'must be a list of at most 10 {key, value} pairs', option);
  }
  return v.length ? JSON.stringify(v.map((e: { key: string; value: string }) => ({ key: e.key, value: e.value }))) : null;
}

function obj(v: unknown, field: string, option?: number): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Fault(field, 'must be an object', option);
  return v as Record<string, unknown>;
}

function transfer(v: unknown, at: string, k: number, ec: string, option: number): ImportTransfer {
  const t = obj(v, at, option);
  const rawId = t.idTransfer ?? String(k + 1);
  const idTransfer = typeof rawId === 'number' ? rawId : typeof rawId === 'string' && /^[1-5]$/.test(rawId) ? Number(rawId) : NaN;
  if (!(idTransfer >= 1 && idTransfer <= 5 && Number.isInteger(idTransfer))) throw new Fault(`${at}.idTransfer`, 'must be 1 to 5', option);
  const beneficiary = str(t.organizationFiscalCode, `${at}.organizationFiscalCode`, 11, false, option) ?? ec;
  if (!EC_CODE.test(beneficiary)) throw new Fault(`${at}.organizationFiscalCode`, 'must be 11 digits', option);
  const iban = str(t.iban, `${at}.iban`, 35, false, option);
  if (iban !== null && !IBAN.test(iban)) throw new Fault(`${at}.iban`, 'must be 1 to 35 letters or digits', option);
  const postalIban = str(t.postalIban, `${at}.postalIban`, 35, false, option);
  if (postalIban !== null && !IBAN.test(postalIban)) throw new Fault(`${at}.postalIban`, 'must be 1 to 35 letters or digits', option);
  let stampHash: string | null = null;
  let stampType: string | null = null;
  let stampProvince: string | null = null;
  if (t.stamp !== undefined && t.stamp !== null) {
    const s = obj(t.stamp, `${at}.stamp`, option);
    if (iban !== null || postalIban !== null) throw new Fault(`${at}.stamp`, 'excludes iban and postalIban', option);
    stampHash = str(s.hashDocument, `${at}.stamp.hashDocument`, 72, true, option);
    stampType = str(s.stampType, `${at}.stamp.stampType`, 2, true, option);
    stampProvince = str(s.provincialResidence, `${at}.stamp.provincialResidence`, 2, true, option);
    if (!/^[A-Z]{2}$/.test(stampProvince!)) throw new Fault(`${at}.stamp.provincialResidence`, 'must be two capital letters', option);
  } else if (iban === null && postalIban === null) {
    throw new Fault(`${at}.iban`, 'is required (or postalIban, or stamp)', option);
  }
  return {
    idTransfer,
    amountCents: cents(t.amount, `${at}.amount`, option),
    organizationFiscalCode: beneficiary,
    companyName: str(t.companyName, `${at}.companyName`, 140, false, option),
    iban,
    postalIban,
    remittanceInformation: str(t.remittanceInformation, `${at}.remittanceInformation`, 140, true, option)!,
    category: str(t.category, `${at}.category`, 140, true, option)!,
    metadataJson: metadata(t.transferMetadata, `${at}.transferMetadata`, option),
    stampHash,
    stampType,
    stampProvince,
  };
}

function paymentOption(v: unknown, i: number, ec: string): ImportOption {
  const at = `paymentOption[${i}]`;
  const o = obj(v, at, i);
  const amountCents = cents(o.amount, `${at}.amount`, i);
  let nav = str(o.nav, `${at}.nav`, 18, false, i);
  const iuv0 = str(o.iuv, `${at}.iuv`, 35, false, i);
  // GPD derives the NAV from the IUV with aux digit 3 when only the IUV is given
  if (nav === null) {
    if (iuv0 === null) throw new Fault(`${at}.nav`, 'is required', i);
    nav = `3${iuv0}`;
  }
  if (!NAV.test(nav)) throw new Fault(`${at}.nav`, 'must be 18 digits', i);
  const list = o.transfer;
  if (!Array.isArray(list) || list.length === 0) throw new Fault(`${at}.transfer`, 'must list 1 to 5 transfers', i);
  if (list.length > 5) throw new Fault(`${at}.transfer`, `must list 1 to 5 transfers, got ${list.length}`, i);
  const transfers = list.map((t, k) => transfer(t, `${at}.transfer[${k}]`, k, ec, i));
  const ids = new Set(transfers.map((t) => t.idTransfer));
  if (ids.size !== transfers.length) throw new Fault(`${at}.transfer`, 'idTransfer values must be distinct', i);
  // as GPD input (rest/gpdPositions.ts): the node refuses transfers not numbered 1..n, so a gap could never be paid
  if (transfers.some((t) => t.idTransfer > transfers.length)) {
    throw new Fault(`${at}.transfer`, `idTransfer values must be 1..${transfers.length}, found ${transfers.map((t) => t.idTransfer).join(', ')}`, i);
  }
  let sum = 0;
  for (const t of transfers) sum += t.amountCents;
  if (sum !== amountCents) throw new Fault(`${at}.transfer`, `amounts sum to ${sum}, not the option amount ${amountCents}`, i);
  const fee = o.fee === undefined || o.fee === null ? 0 : o.fee;
  if (typeof fee !== 'number' || !Number.isSafeInteger(fee) || fee < 0) throw new Fault(`${at}.fee`, 'must be a non-negative integer (cents)', i);
  return {
    noticeNumber: nav,
    iuv: iuv0 ?? nav.slice(1),
    amountCents,
    description: str(o.description, `${at}.description`, 140, true, i)!,
    dueDate: day(o.dueDate, `${at}.dueDate`, true, i)!,
    isPartialPayment: bool(o.isPartialPayment, `${at}.isPartialPayment`, false, i),
    retentionDate: day(o.retentionDate, `${at}.retentionDate`, false, i),
    feeCents: fee,
    metadataJson: metadata(o.paymentOptionMetadata, `${at}.paymentOptionMetadata`, i),
    transfers,
  };
}

function position(u: RawUnit, registry: Registry, seen: Seen): ImportPosition {
  const p = obj(u.raw, '(line)');
  const ec = str(p.organizationFiscalCode, 'organizationFiscalCode', 11, true)!;
  if (!EC_CODE.test(ec)) throw new Fault('organizationFiscalCode', 'must be 11 digits');
  const ci = registry.get(ec);
  if (!ci) throw new Fault('organizationFiscalCode', `${ec} is not a creditor institution of the registry`);
  const iupd = str(p.iupd, 'iupd', 140, true)!;
  const type = p.type;
  if (type !== 'F' && type !== 'G') throw new Fault('type', 'must be F or G');
  const fiscalCode = str(p.fiscalCode, 'fiscalCode', 35, true)!;
  if (type === 'F' && !CF_F.test(fiscalCode) && fiscalCode !== 'ANONIMO') throw new Fault('fiscalCode', 'must be 16 characters A-Z 0-9 for type F');
  if (type === 'G' && !EC_CODE.test(fiscalCode)) throw new Fault('fiscalCode', 'must be 11 digits for type G');
  const fullName = str(p.fullName, 'fullName', 70, true)!;
  const list = p.paymentOption;
  if (!Array.isArray(list) || list.length === 0) throw new Fault('paymentOption', 'must list at least one payment option');
  const options = list.map((o, i) => paymentOption(o, i, ec));
  let validityDate: number | null = null;
  if (p.validityDate !== undefined && p.validityDate !== null) {
    validityDate = typeof p.validityDate === 'string' ? Date.parse(p.validityDate) : NaN;
    if (!Number.isFinite(validityDate)) throw new Fault('validityDate', 'must be an ISO date-time');
  }
  const debtor: Record<string, string> = { entityUniqueIdentifierType: type, entityUniqueIdentifierValue: fiscalCode, fullName };
  // GPD's address fields under the names of the SOAP ctSubject the archive serves (see archive.debtorFromRow)
  for (const [from, to] of [
    ['streetName', 'streetName'],
    ['civicNumber', 'civicNumber'],
    ['postalCode', 'postalCode'],
    ['city', 'city'],
    ['province', 'stateProvinceRegion'],
    ['country', 'country'],
    ['email', 'email'],
  ] as const) {
    const v = str(p[from], from, 140, false);
    if (v !== null) debtor[to] = v;
  }
  const pos: ImportPosition = {
    line: u.line,
    optionLines: u.optionLines,
    organizationFiscalCode: ec,
    iupd,
    debtorType: type,
    debtorFiscalCode: fiscalCode,
    debtorFullName: fullName,
    debtorJson: JSON.stringify(debtor),
    companyName: str(p.companyName, 'companyName', 140, false) ?? ci.businessName,
    officeName: str(p.officeName, 'officeName', 140, false) ?? ci.officeName,
    payStandIn: bool(p.payStandIn, 'payStandIn', false),
    switchToExpired: bool(p.switchToExpired, 'switchToExpired', false),
    validityDate,
    options,
  };
  // duplicates within the file: checked last, so that a malformed row never claims a key
  const iupdKey = `${ec}|${iupd}`;
  const firstIupd = seen.iupds.get(iupdKey);
  if (firstIupd !== undefined) throw new Fault('iupd', `duplicate of line ${firstIupd}`);
  const keys = options.map((o) => `${ec}|${o.noticeNumber}`);
  for (let i = 0; i < keys.length; i++) {
    const first = seen.navs.get(keys[i]!);
    if (first !== undefined) throw new Fault(`paymentOption[${i}].nav`, `duplicate of line ${first}`, i);
    if (keys.indexOf(keys[i]!) !== i) throw new Fault(`paymentOption[${i}].nav`, 'repeated in the same position', i);
  }
  seen.iupds.set(iupdKey, u.line);
  for (let i = 0; i < keys.length; i++) seen.navs.set(keys[i]!, u.optionLines?.[i] ?? u.line);
  return pos;
}

/** A CSV unit reports the row and column at fault instead of the GPD path. */
export type FieldName = (path: string) => string;

export function validate(u: RawUnit, registry: Registry, seen: Seen, fieldName?: FieldName): ImportPosition | Rejection {
  if (u.parseError) return { line: u.line, field: '(line)', message: u.parseError };
  try {
    return position(u, registry, seen);
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    const line = err.option !== undefined && u.optionLines ? (u.optionLines[err.option] ?? u.line) : u.line;
    return { line, field: fieldName ? fieldName(err.field) : err.field, message: err.message };
  }
}

export const isRejection = (v: ImportPosition | Rejection): v is Rejection => (v as Rejection).message !== undefined;
