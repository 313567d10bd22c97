import { ARCHIVE_SEGREGATION_CODE, demoPositions } from '../../src/ec/demoNotices';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';

/**
 * The demo notices the emulator seeds at start-up (src/ec/demoNotices.ts), from the one place that builds
 * them, so that no test carries their numbers as literals: the archive station 66666666666_02 sits on
 * segregation code ARCHIVE_SEGREGATION_CODE, the remote stations 66666666666_03/_04 on 03/04.
 */
export { ARCHIVE_SEGREGATION_CODE };

/** Every seeded demo notice number, in seeding order (their numbers do not depend on the year). */
export const DEMO_NOTICE_NUMBERS: readonly string[] = demoPositions(2000).flatMap((p) => p.options.map((o) => o.noticeNumber));

/** Demo archive notice `k` (1–7, as the README numbers them) of station 66666666666_02. */
export function demoNotice(k: number): string {
  const archive = DEMO_NOTICE_NUMBERS.filter((n) => n.slice(1, 3) === ARCHIVE_SEGREGATION_CODE);
  const n = archive[k - 1];
  if (!n) throw new Error(`there is no demo archive notice ${k} (1–${archive.length})`);
  return n;
}

/** A notice number of EC 66666666666's archive station 66666666666_02 on a 13-digit base, with its check digits. */
export function archiveNav(base13: string): string {
  return buildNoticeNumber(3, ARCHIVE_SEGREGATION_CODE, base13);
}
