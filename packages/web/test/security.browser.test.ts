import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../server/test/app';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';
import { expectNoCspViolation, launchBrowser, newPage, startWebServer } from './browser-fixtures';

let testDb: TestDatabase;
let server: TestApp;
let browser: Browser;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startWebServer(testDb.db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await testDb?.drop();
});

describe('the Content-Security-Policy in the browser', () => {
  it('lets the built app run, and blocks (and reports) an injected inline script', async () => {
    const page = await newPage(browser, server.baseUrl);
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Lietotājvārds').waitFor();
    expectNoCspViolation(page);

    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "ran"';
      document.body.append(script);
    });
    await page.waitForFunction(() => document.body.dataset.injected === undefined);
    // The journeys' check is the one that fails here: it must see the blocked script.
    await expect
      .poll(() => {
        try {
          expectNoCspViolation(page);
          return 'none';
        } catch {
          return 'reported';
        }
      })
      .toBe('reported');
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    await page.context().close();
  });

  it('lets the Swagger UI run under its own policy', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/api/docs');
    await page.getByRole('heading', { name: /FPR Online API/ }).waitFor();
    await page.getByText('/api/v1/monitoring/changes', { exact: true }).first().waitFor();
    expectNoCspViolation(page);
    await page.context().close();
  });
});
