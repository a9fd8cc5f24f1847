import { describe, expect, it } from 'vitest';
import { expectNoCspViolation, setUpBrowserTest } from './browser-fixtures';

const web = setUpBrowserTest();

describe('the Content-Security-Policy in the browser', () => {
  it('lets the built app run, and blocks (and reports) an injected inline script', async () => {
    const page = await web.newPage();
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
    const page = await web.newPage();
    await page.goto('/api/docs');
    await page.getByRole('heading', { name: /FPR Online API/ }).waitFor();
    await page.getByText('/api/v1/monitoring/changes', { exact: true }).first().waitFor();
    expectNoCspViolation(page);
    await page.context().close();
  });
});
