// The console in a real browser (Debian's Chromium driven by playwright-core), against the packaged service at the base
// URL given: submit a job from the form and watch it reach Succeeded, download its result, see a validation error at its
// field, cancel a job that waits for its start, and check each view with axe-core. Screenshots go to the folder given.
// Usage: node console-flow.mjs <base url> <screenshot folder>    (ConsoleIT runs it; exits non-zero on the first failure)
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessible, check, flow } from './browser.mjs';

const [base, shots] = process.argv.slice(2);
const run = `run-${Date.now()}`;
mkdirSync(shots, { recursive: true });

await flow('console flow', shots, { acceptDownloads: true, bypassCSP: true }, async (page) => {
  // The CSP holds: the page loads everything from its own origin (axe is injected with bypassCSP, for the test only).
  const response = await page.goto(`${base}/console/`);
  check(response.headers()['content-security-policy']?.includes("default-src 'self'"), 'the console has its CSP');
  await page.getByRole('heading', { name: 'Jobs' }).waitFor();
  await accessible(page, 'jobs');
  await page.screenshot({ path: join(shots, 'jobs.png'), fullPage: true });

  // Submit from the form, keyboard only: the detail view follows the job to Succeeded.
  await page.getByRole('link', { name: 'Submit a job' }).click();
  await page.getByLabel('Job type').selectOption('echo');
  await page.getByLabel('Input (JSON)').fill('{"order": 42, "customer": "Contoso"}');
  await page.getByLabel('Tags (JSON, optional)').fill(JSON.stringify({ source: run }));
  await accessible(page, 'submit');
  await page.screenshot({ path: join(shots, 'submit.png'), fullPage: true });
  await page.getByLabel('Tags (JSON, optional)').press('Enter');
  await page.getByText('Succeeded').waitFor({ timeout: 30000 });
  await accessible(page, 'job');
  await page.screenshot({ path: join(shots, 'job.png'), fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the result' }).click();
  const file = await (await download).path();
  check(JSON.parse(readFileSync(file, 'utf8')).order === 42, 'the downloaded result is the job\'s');

  // A validation error shows at the field its pointer names.
  await page.goto(`${base}/console/#/submit`);
  await page.getByLabel('Job type').selectOption('sales-report');
  await page.getByLabel('Input (JSON)').fill(JSON.stringify({ events: [{ id: 1, store_id: 7, cust_id: 42, category: 'toys',
    sku: 'T-1', price: 10, qty: 0, discount: 10, ts: '2024-05-01T10:15:00Z', event_type: 'sale_event' }] }));
  await page.getByRole('button', { name: 'Submit' }).click();
  const inputErrors = page.locator('#s-input-errors');
  await inputErrors.getByText('/input/events/0/qty').waitFor();
  check(await page.getByLabel('Input (JSON)').getAttribute('aria-invalid') === 'true', 'the input field is marked invalid');
  await accessible(page, 'submit with errors');
  await page.screenshot({ path: join(shots, 'submit-errors.png'), fullPage: true });

  // A job that waits for its start is canceled from its page, then purged.
  await page.getByLabel('Job type').selectOption('echo');
  await page.getByLabel('Input (JSON)').fill('{"later": true}');
  await page.getByLabel('Start no earlier than (optional)').fill(new Date(Date.now() + 3600_000 - new Date().getTimezoneOffset() * 60000)
    .toISOString().slice(0, 16));
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('NotStarted').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Canceled', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Run again' }).waitFor();
  await page.getByRole('button', { name: 'Purge' }).click();
  await page.getByRole('heading', { name: 'Jobs' }).waitFor();

  // The service's hour: on an open service, anyone's to see.
  await page.getByRole('link', { name: 'Operations' }).click();
  await page.locator('figure.chart svg').nth(2).waitFor();
  check(Number(await page.locator('.cards .number').nth(3).textContent()) >= 2, 'the hour counts the jobs accepted');
  await accessible(page, 'operations');
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();

  // The list finds the submitted job by its tag.
  await page.getByLabel('Tag (key:value)').fill(`source:${run}`);
  await page.getByRole('button', { name: 'Filter' }).click();
  // The filtered page replaces the whole list: one row, the job submitted with the tag.
  await page.waitForFunction(() => location.hash.includes('tag=') && document.querySelectorAll('tbody tr').length === 1);
  await page.getByRole('cell', { name: 'Succeeded' }).waitFor();
});
