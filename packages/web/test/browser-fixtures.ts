import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../server/src/db/database';
import { totpCodeAt } from '../../server/src/modules/identity/totp';
import type { TestUser } from '../../server/test/access-fixtures';
import { startTestApp, type TestApp } from '../../server/test/app';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';
import { webDistDir } from '../build/web-build';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of each journey land here (git-ignored). */
export const screenshotDir = resolve(import.meta.dirname, '../../../test-output/browser');

/** A laptop screen, the smallest the app is laid out for. */
export const laptopViewport = { width: 1280, height: 800 };

/** One headless browser per test file; each test opens its own context (cookies, storage). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The real server on a test database, serving the built web app on the API's port. */
export async function startWebServer(db: Db, now?: () => Date): Promise<TestApp> {
  return startTestApp({ db, webApp: { root: webDistDir }, now });
}

/** A browser test file's own database, the real server on it serving the built app, and one browser. */
export interface BrowserTest {
  /** The file's database: for its data and for asserting what the journeys changed. */
  readonly db: Db;
  readonly baseUrl: string;
  /** A fresh page on the server (see `newPage`). */
  newPage(): Promise<Page>;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is used before the file's beforeAll started it`);
  return value;
}

/**
 * Starts the file's database, lets `setUp` create its data, then starts the server and the browser;
 * after the file, closes them in reverse order (the browser's pages hold connections to the server),
 * skipping whatever did not start.
 */
export function setUpBrowserTest(setUp: (db: Db) => Promise<void> = async () => {}): BrowserTest {
  let testDb: TestDatabase | undefined;
  let server: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    await setUp(testDb.db);
    server = await startWebServer(testDb.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.drop();
  });
  return {
    get db() {
      return started(testDb, 'the database').db;
    },
    get baseUrl() {
      return started(server, 'the server').baseUrl;
    },
    newPage: () => newPage(started(browser, 'the browser'), started(server, 'the server').baseUrl),
  };
}

/**
 * Logs `user` in from `path` (the start page leads an anonymous visitor to the log-in) with the
 * keyboard alone: Enter submits the form. A TOTP code is accepted once, so a user logs in once per
 * 30 seconds.
 */
export async function logIn(page: Page, user: TestUser, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Lietotājvārds').fill(user.username);
  await page.getByLabel('Parole').fill(user.password);
  await page.getByLabel('Autentifikatora kods').fill(totpCodeAt(user.totpSecret, new Date()));
  await page.getByLabel('Autentifikatora kods').press('Enter');
}

/** What the Content-Security-Policy blocked on each page, as the browser reported it. */
const cspViolations = new WeakMap<Page, string[]>();

/**
 * A page in a fresh context that records every CSP violation (the `securitypolicyviolation` event
 * and the console's CSP errors); `expectAccessible` and `saveScreenshot`, which every journey
 * calls, fail on any.
 */
export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: laptopViewport, locale: 'lv-LV' });
  const page = await context.newPage();
  const violations: string[] = [];
  cspViolations.set(page, violations);
  await page.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
      violations.push(message.text());
  });
  return page;
}

/** No CSP violation on the page so far. */
export function expectNoCspViolation(page: Page): void {
  expect(cspViolations.get(page) ?? [], 'Content-Security-Policy violations').toEqual([]);
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core on the page as it is now: no serious or critical violation of WCAG 2.1 A/AA. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expectNoCspViolation(page);
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // Evaluated by the test driver, not added as an inline script the page's policy would block.
  if (!hasAxe) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  const grave = (violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(grave, `accessibility of ${what}`).toEqual([]);
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  expectNoCspViolation(page);
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
