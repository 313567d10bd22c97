/**
 * The benches' test data: `pagopa-node-emulator gen-notices` (src/importer/genNotices.ts), kept at this path
 * for the benches and for scripts that run `node dist/bench/genNotices.js --notices N --debtors D --out FILE`.
 */
import { runCommandLine } from '../src/main';

export { debtor, noticeNumber } from '../src/importer/genNotices';

if (require.main === module) void runCommandLine(['gen-notices', ...process.argv.slice(2)], process.env);
