import { CONTENT_DIR } from '../src/content/index.js';
import { crisisTextsOf } from '../src/content/crisis-tier.js';
import { checkLocales } from '../src/content/parity.js';

/**
 * `npm run content:check`: for every translation, what it lacks or changes against English
 * (texts, {placeholders}, links, phone numbers), within its tier. Exit 1 when anything is off.
 */
const reports = checkLocales(CONTENT_DIR, (countries) => crisisTextsOf(CONTENT_DIR, 'en', countries));
let failed = false;
for (const { locale, tier, problems } of reports) {
  console.log(`${locale} (${tier}): ${problems.length === 0 ? 'complete' : `${problems.length} to fix`}`);
  for (const p of problems) console.log(`  ${p.problem.padEnd(12)} ${p.path}${p.detail ? `  ${p.detail}` : ''}`);
  failed ||= problems.length > 0;
}
if (reports.length === 0) console.log('Only English so far. content/README.md says how to add a language.');
process.exit(failed ? 1 : 0);
