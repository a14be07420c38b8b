// The console with sign-in, in a real browser under the page's own content policy, against the packaged service with
// authentication on (ConsoleIT starts it with the Entra ID stand-in, whose users are "Alice Caller", with Jobs.Submit, and
// "Olga Operator", with Jobs.Manage): Alice signs in through MSAL.js, sees her job and not another caller's, runs her
// failed job again and signs out; Olga signs in, sees the service's hour (charts, the failure by its error code) and
// every caller's failed jobs. Each view is checked with axe-core. Screenshots go to the folder given.
// Usage: node console-signin-flow.mjs <base url> <screenshot folder> <Alice's failing job> <another caller's job>
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessible, check, flow } from './browser.mjs';

const [base, shots, hers, others] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

async function signInAs(page, name) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Pick an account' }).waitFor();
  await page.getByRole('button', { name }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  check(await page.getByText(name).isVisible(), `the header names ${name}`);
}

// The stand-in serves HTTPS with the tests' own certificate, which this browser does not know.
await flow('console sign-in flow', shots, { ignoreHTTPSErrors: true }, async (page) => {
  await page.goto(`${base}/console/`);
  // The script draws the view after the load: judged before it, the page has no heading yet.
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await accessible(page, 'sign in');
  await page.screenshot({ path: join(shots, 'signin.png'), fullPage: true });
  await signInAs(page, 'Alice Caller');
  check(await page.evaluate(() => localStorage.length) === 0, 'nothing is kept in localStorage');

  // Her jobs only: her failed sales report, not the other caller's job; no operations view for her.
  await page.getByRole('heading', { name: 'Jobs' }).waitFor();
  await page.getByRole('link', { name: hers }).waitFor();
  check(await page.getByRole('link', { name: others }).count() === 0, 'another caller\'s job is not listed');
  check(await page.getByRole('link', { name: 'Operations' }).isHidden(), 'a caller has no operations view');
  await accessible(page, 'jobs, signed in');

  // Her failed job, run again: a new job that names it.
  await page.getByRole('link', { name: hers }).click();
  await page.locator('dl.monitor .status-Failed').waitFor();
  await page.getByRole('button', { name: 'Run again' }).click();
  await page.getByRole('link', { name: hers }).waitFor(); // "Rerun of" on the new job's page
  check(!page.url().includes(hers), 'the page is the new job\'s');
  await accessible(page, 'a rerun job');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The operator: the service's hour, the failure by its code, every caller's failed jobs.
  await signInAs(page, 'Olga Operator');
  await page.getByRole('link', { name: 'Operations' }).click();
  await page.getByRole('heading', { name: 'Operations' }).waitFor();
  await page.locator('figure.chart svg').nth(2).waitFor();
  const codes = await page.locator('table.failures tbody td:first-child').allTextContents();
  check(codes.length > 0, `the failures are grouped by error code: ${codes}`);
  const unfinished = await page.locator('.cards .number').first().textContent();
  check(/^\d+$/.test(unfinished), `the backlog is sampled: ${unfinished} unfinished jobs`);
  check(await page.locator('figure.chart path.line').count() >= 5, 'the charts draw their lines');
  await accessible(page, 'operations');
  await page.screenshot({ path: join(shots, 'operations.png'), fullPage: true });
  await page.getByRole('link', { name: 'The failed jobs' }).click();
  await page.getByRole('link', { name: hers }).waitFor();
  check(await page.getByRole('columnheader', { name: 'Owner' }).isVisible(), 'every caller\'s list shows the owner');
  check(!/\bnull\b|undefined/.test(await page.locator('main').innerText()), 'no placeholder leaks into the page');
  await accessible(page, 'every caller\'s failed jobs');
  await page.screenshot({ path: join(shots, 'operator-jobs.png'), fullPage: true });
});
