/**
 * axe-core (Deque's accessibility engine) with the WCAG 2.2 A and AA rule sets, injected into the page through
 * playwright-core. Violations come back as short lines (rule, impact, element, what to fix) so a failing test
 * says what to change without opening a report.
 *
 * Why not @axe-core/playwright: its AxeBuilder evaluates axe's 550 kB source again for every analyze() and, in
 * its default mode, opens a blank page per run to finish it: 0.9–1.9 s a check on this 2-core machine under load,
 * against 0.1 s here (0.4 s once per document for the injection). The pages are checked in some 40 states.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: every success criterion a 2.2 AA conformance claim covers. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeRun {
  /** One line per failing element: "rule (impact) selector: summary". */
  violations: string[];
  /** How many rules ran and passed, so a page where axe found nothing to check cannot pass unnoticed. */
  passes: number;
}

/** Runs axe on the whole document, or on the part `include` selects (a state that changed one region). */
export async function axe(page: Page, opts: { include?: string } = {}): Promise<AxeRun> {
  // page.evaluate runs outside the page's CSP (script-src 'nonce-…'), which would refuse an injected <script>.
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(AXE_SOURCE);
  const context = JSON.stringify(opts.include ? { include: [opts.include] } : { exclude: [] });
  const options = JSON.stringify({ runOnly: { type: 'tag', values: WCAG_22_AA }, resultTypes: ['violations'] });
  const result = (await page.evaluate(`window.axe.run(${context}, ${options})`)) as AxeResults;
  const violations = result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}) ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`),
  );
  return { violations, passes: result.passes.length };
}
