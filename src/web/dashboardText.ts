import type { Lang } from './html';
import { DASHBOARD_TEXT_EN } from './dashboardTextEn';
import { DASHBOARD_TEXT_IT } from './dashboardTextIt';

/**
 * Every word of the dashboard, in Italian and English. The page hands them to web/dashboard.js as JSON,
 * so they are plain strings: `{name}` marks a value the script fills in. Domain words (statuses, event
 * and operation names, field names of the protocol) stay as the spec writes them, untranslated.
 */
export type DashboardText = typeof DASHBOARD_TEXT_IT;

export function dashboardText(lang: Lang): DashboardText {
  return lang === 'en' ? DASHBOARD_TEXT_EN : DASHBOARD_TEXT_IT;
}
