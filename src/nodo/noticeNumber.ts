/**
 * Notice number (NAV) anatomy, spec §8.9 / Util.getNoticeNumberData: the aux digit decides which code
 * picks the station and where the IUV (creditorReferenceId) starts. Check digits are not verified,
 * as the node does not verify them.
 */
export interface NoticeNumberData {
  auxDigit: number;
  segregationCode?: string;
  applicationCode?: string;
  iuv: string;
}

export function parseNoticeNumber(nav: string): NoticeNumberData {
  const auxDigit = Number(nav[0]);
  switch (auxDigit) {
    case 0:
      return { auxDigit, applicationCode: nav.slice(1, 3), iuv: nav.slice(3) };
    case 3:
    case 4:
      return { auxDigit, segregationCode: nav.slice(1, 3), iuv: nav.slice(1) };
    default:
      return { auxDigit, iuv: nav.slice(1) };
  }
}

/** Builds a NAV with correct check digits (mod 93), for demo and synthetic data. */
export function buildNoticeNumber(auxDigit: 0 | 3, code: string, base13: string): string {
  const check = (BigInt(`${auxDigit}${code}${base13}`) % 93n).toString().padStart(2, '0');
  return `${auxDigit}${code}${base13}${check}`;
}
