// What the console's browser flows share: Debian's Chromium driven by playwright-core (no browser download), a check
// that stops the flow, axe-core's WCAG 2 A/AA rules on a view, and the page's script errors collected.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** axe-core's WCAG 2 A/AA rules and best practices on the page as it is: no violation. */
export async function accessible(page, view) {
  // Evaluated by the test's own channel to the browser, which the page's content policy does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  check(violations.length === 0, `${view}: accessibility violations: ${violations.join('; ')}`);
}

/** A headless browser (flags for a machine without outside network) and a page whose script errors are collected. */
async function open(contextOptions) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  // Script errors, not the browser's notes of answers the flow expects (the 400 of a refused submit).
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, errors };
}

/**
 * Runs a flow's steps on a new page: it passes when they do and the page logged no script error; otherwise it says
 * where it stopped, with a screenshot (failure.png in the folder given), and fails.
 */
export async function flow(name, shots, contextOptions, steps) {
  const { browser, page, errors } = await open(contextOptions);
  try {
    await steps(page);
    check(errors.length === 0, `the page logged errors: ${errors.join('; ')}`);
    console.log(`${name}: passed`);
  } catch (error) {
    console.log(`stopped at ${page.url()}; the page logged: ${errors.join('; ') || 'nothing'}`);
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
}
