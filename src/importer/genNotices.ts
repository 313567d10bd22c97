/**
 * Deterministic debt positions for the import and pull-payment benches, as JSON Lines (the format of
 * `pagopa-node-emulator import`): one GPD PaymentPositionModel per line plus `organizationFiscalCode`.
 *
 *   pagopa-node-emulator gen-notices --notices 1000000 --debtors 200000 --out /tmp/notices.jsonl
 *   node dist/bench/genNotices.js --notices 1000000 …   (the same, for the benches)
 *
 * Every notice belongs to EC 66666666666 on its archive station (aux digit 3, segregation code 20):
 * "320" + 13-digit base + 2 check digits (mod 93). Bases start at 1_000_000_000_000, well away from the
 * demo notices (bases 1..7). Nine positions in ten hold one notice; the tenth is a plan of three
 * installments. Debtors: 90% natural persons (16-character fiscal codes with a correct check character),
 * 10% legal persons (11-digit VAT numbers with a correct check digit). Same flags, same bytes.
 */
import fs from 'node:fs';
import { ConfigError, OPTIONS, type Flags } from '../cli/commandLine';

const EC = '66666666666';
const EC2 = '88888888888';
const IBAN = 'IT45R0760103200000000001016';
const IBAN2 = 'IT57N0760114800000011050036';
const BASE0 = 1_000_000_000_000n;

/** mulberry32: tiny, fast and seedable, so that the file depends on the flags only */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['ROSSI', 'BIANCHI', 'VERDI', 'ESPOSITO', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', 'CONTI', 'DE LUCA', 'COSTA', 'GIORDANO', 'MANCINI'];
const NAMES = ['MARIO', 'GIULIA', 'LUCA', 'FRANCESCA', 'MARCO', 'CHIARA', 'ANDREA', 'SARA', 'PAOLO', 'ELENA', 'GIUSEPPE', 'ANNA', 'MATTEO', 'LAURA'];
const TOWNS = ['H501', 'F205', 'L219', 'F839', 'G273', 'A944', 'D612', 'L736'];
const MONTHS = 'ABCDEHLMPRST';

/** Consonants then vowels then X, as the fiscal code takes them (simplified name rule: first three). */
function letters3(s: string): string {
  const clean = s.replace(/[^A-Z]/g, '');
  const cons = clean.replace(/[AEIOU]/g, '');
  const vows = clean.replace(/[^AEIOU]/g, '');
  return (cons + vows + 'XXX').slice(0, 3);
}

const ODD: Record<string, number> = {};
'0123456789'.split('').forEach((c, i) => (ODD[c] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21][i]!));
'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').forEach((c, i) => (ODD[c] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23][i]!));
const even = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** The Italian fiscal code check character (DM 23/12/1976). */
function cfCheck(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[first15[i]!]! : even(first15[i]!);
  return String.fromCharCode(65 + (sum % 26));
}

/** The VAT number (partita IVA) check digit: Luhn on 10 digits. */
function vatNumber(body10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = body10.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body10 + String((10 - (sum % 10)) % 10);
}

interface Debtor {
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
}

/** Debtor d, computed from d alone so that any process can rebuild it (benches look debtors up by index). */
export function debtor(d: number): Debtor {
  const r = rng(d * 2654435761 + 7);
  if (d % 10 === 9) {
    return {
      type: 'G',
      fiscalCode: vatNumber(
        String(1_000_000_000 + d * 7)
          .slice(-10)
          .padStart(10, '0'),
      ),
      fullName: `Impresa ${d} S.r.l.`,
    };
  }
  const surname = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
  const name = NAMES[Math.floor(r() * NAMES.length)]!;
  const female = r() < 0.5;
  const year = String(40 + Math.floor(r() * 60)).padStart(2, '0');
  const month = MONTHS[Math.floor(r() * 12)]!;
  const day = String(1 + Math.floor(r() * 28) + (female ? 40 : 0)).padStart(2, '0');
  // the debtor index in the town code digits keeps the 200k codes distinct
  const town = TOWNS[d % TOWNS.length]![0]! + String(Math.floor(d / TOWNS.length) % 1000).padStart(3, '0');
  let first15 = letters3(surname) + letters3(name) + year + month + day + town;
  // names and dates repeat: fold the rest of the index into the name letters so every code is unique
  const salt = Math.floor(d / (TOWNS.length * 1000));
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  first15 = abc[salt % 26]! + abc[Math.floor(salt / 26) % 26]! + first15.slice(2);
  return { type: 'F', fiscalCode: first15 + cfCheck(first15), fullName: `${name} ${surname}`.slice(0, 70) };
}

/** Notice k's NAV: 3 + segregation code (20: the archive station, ARCHIVE_SEGREGATION_CODE) + base13 + mod-93 check digits. */
export function noticeNumber(k: number, segregationCode = '20'): string {
  const base = (BASE0 + BigInt(k)).toString().padStart(13, '0');
  const check = (BigInt(`3${segregationCode}${base}`) % 93n).toString().padStart(2, '0');
  return `3${segregationCode}${base}${check}`;
}

export interface GenNoticesOptions {
  notices: number;
  debtors: number;
  out: string;
  seed: number;
  segregationCode: string;
}

/** gen-notices' flags (read by commander, cli/commandLine.ts) checked. */
export function genNoticesOptions(flags: Flags): GenNoticesOptions {
  const count = (name: 'notices' | 'debtors' | 'seed', min: number) => {
    const raw = (flags[name] as string | undefined) ?? OPTIONS[name].default;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) throw new ConfigError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
    return n;
  };
  const out = flags.out as string | undefined;
  if (!out) throw new ConfigError('gen-notices needs --out <file> — see pagopa-node-emulator gen-notices --help');
  const segregationCode = (flags.segregationCode as string | undefined) ?? OPTIONS.segregationCode.default;
  if (!/^\d{2}$/.test(segregationCode)) throw new ConfigError(`--segregation-code must be two digits, got "${segregationCode}"`);
  return { notices: count('notices', 1), debtors: count('debtors', 1), out, seed: count('seed', 0), segregationCode };
}

/** Writes the file; returns the line gen-notices prints on stderr. */
export function genNotices(o: GenNoticesOptions): string {
  const { notices, debtors, segregationCode: seg } = o;
  const r = rng(o.seed);
  let fd: number;
  try {
    fd = fs.openSync(o.out, 'w');
  } catch (err) {
    // the same exit as a wrong flag: the command line named a file that cannot be written
    throw new ConfigError(`cannot write ${o.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let buf: string[] = [];
  let k = 0;
  let p = 0;
  const started = Date.now();
  while (k < notices) {
    // a stride coprime with most D spreads one debtor's positions over the file
    const who = debtor((p * 7919) % debtors);
    const plan = p % 10 === 9 && notices - k >= 3;
    const count = plan ? 3 : 1;
    const options = [];
    for (let i = 0; i < count; i++, k++) {
      const nav = noticeNumber(k, seg);
      const amount = 1000 + Math.floor(r() * 99_000);
      const month = 1 + Math.floor(r() * 12);
      const dueDate = `${plan ? 2027 + i : 2027}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const description = plan ? `Rata ${i + 1} di 3 TARI ${p}` : `TARI avviso ${k}`;
      // one notice in five also pays the region (two transfers)
      const split = r() < 0.2 ? Math.floor(amount * 0.3) : 0;
      const transfer = [{ idTransfer: '1', amount: amount - split, organizationFiscalCode: EC, remittanceInformation: description, category: '9/0101108TS/', iban: IBAN }];
      if (split) transfer.push({ idTransfer: '2', amount: split, organizationFiscalCode: EC2, remittanceInformation: description, category: '9/0101108TS/', iban: IBAN2 });
      options.push({ nav, iuv: nav.slice(1), amount, description, isPartialPayment: plan, dueDate, transfer });
    }
    buf.push(
      JSON.stringify({
        organizationFiscalCode: EC,
        iupd: `BENCH-${String(p).padStart(9, '0')}`,
        type: who.type,
        fiscalCode: who.fiscalCode,
        fullName: who.fullName,
        companyName: 'Comune di Test',
        switchToExpired: false,
        paymentOption: options,
      }),
    );
    p++;
    if (buf.length >= 10_000) {
      fs.writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
  return `${o.out}: ${notices} notices in ${p} positions over ${Math.min(debtors, p)} debtors (${Date.now() - started} ms)`;
}
