import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertAuditEvents, type NewAuditEvent } from '../../server/src/modules/audit/audit.repository';
import { createOrganisation, createUser, type TestUser } from '../../server/test/access-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../server/test/audit-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let reviewer: TestUser;
let nightClerk: TestUser;

/** `count` records one second apart from `start`. */
function burst(count: number, start: string, make: (occurredAt: Date) => NewAuditEvent): NewAuditEvent[] {
  return Array.from({ length: count }, (_, i) => make(new Date(new Date(start).getTime() + i * 1000)));
}

// The file's own access log, on fixed days in November 2026 (Rīga is UTC+2 then).
const web = setUpBrowserTest(async (db) => {
  const municipality = await createOrganisation(db, { name: 'Vakarkrasta novada pašvaldība' });
  const bank = await createOrganisation(db, { name: 'AS Lēciena Banka' });
  const municipalPurpose = await createPurpose(db, { organisationId: municipality.id });
  const bankPurpose = await createPurpose(db, { organisationId: bank.id });
  nightClerk = await createUser(db, {
    role: 'pdpUser',
    organisationId: municipality.id,
    environment: 'production',
  });
  reviewer = await createUser(db, { role: 'reviewer' });
  const person = await createPerson(db);
  const byClerk = { actorKind: 'user' as const, actorId: nightClerk.id };
  await insertAuditEvents(db, [
    // Wednesday 4 November, a working day: 5 lookups in the morning, then 22 from 21:00 Rīga time.
    ...burst(5, '2026-11-04T08:00:00Z', (at) =>
      auditRecord(municipalPurpose, person, { ...byClerk, occurredAt: at }),
    ),
    ...burst(22, '2026-11-04T19:00:00Z', (at) =>
      auditRecord(municipalPurpose, person, { ...byClerk, occurredAt: at }),
    ),
    // Thursday 5 November: a system client with no earlier history delivers 55 persons at 11:00.
    ...burst(55, '2026-11-05T09:00:00Z', (at) =>
      auditRecord(bankPurpose, person, { actorId: 'client-leciens', occurredAt: at }),
    ),
  ]);
});

/** Asks the panel for the days and environment given and waits for the GET it sends. */
async function askForSignals(page: Page, days: { from: string; to: string }, environment = 'production') {
  const form = page.getByRole('form', { name: 'Ļaunprātīgas izmantošanas signāli' });
  await form.getByLabel('No').fill(days.from);
  await form.getByLabel('Līdz').fill(days.to);
  await form.getByLabel('Vide').selectOption(environment);
  const response = page.waitForResponse((r) => r.url().includes('/api/v1/admin/audit/signals'));
  await form.getByRole('button', { name: 'Rādīt signālus' }).click();
  return new URL((await response).url()).searchParams;
}

describe('misuse signals in the PMLP console', { timeout: 90_000 }, () => {
  it('a reviewer sees the after-hours bulk and the volume spike, and no signals where there are none', async () => {
    const page = await web.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, reviewer, '/login');
    await page.waitForURL('**/console');
    await page
      .getByRole('navigation', { name: 'Konsoles sadaļas' })
      .getByRole('link', { name: 'Piekļuves žurnāls' })
      .click();
    const form = page.getByRole('form', { name: 'Ļaunprātīgas izmantošanas signāli' });
    expect(await form.getByLabel('Vide').inputValue()).toBe('production');

    // Empty days are left out of the URL: the server looks at the week up to today.
    const defaults = await askForSignals(page, { from: '', to: '' });
    expect(Object.fromEntries(defaults)).toEqual({ environment: 'production' });

    const query = await askForSignals(page, { from: '2026-11-02', to: '2026-11-08' });
    expect(Object.fromEntries(query)).toEqual({
      from: '2026-11-02',
      to: '2026-11-08',
      environment: 'production',
    });
    const table = page.getByRole('table', { name: 'Signāli, 02.11.2026–08.11.2026, ražošanas vide' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    // Newest day first: the spike on the 5th, then the clerk's evening on the 4th.
    expect(await rows.nth(0).getByRole('cell').allTextContents()).toEqual([
      '05.11.2026 11:00–11:00',
      'Apjoma lēciens',
      'AS Lēciena Banka',
      'client-leciens sistēmas klientsSkatīt piegādes',
      '55',
      '0',
      '0',
      '0',
    ]);
    expect(await rows.nth(1).getByRole('cell').allTextContents()).toEqual([
      '04.11.2026 10:00–21:00',
      'Lielapjoma skatījumi ārpus darba laika',
      'Vakarkrasta novada pašvaldība',
      'Test pdpUser PDP lietotājsSkatīt piegādes',
      '27',
      '22',
      '0',
      '0',
    ]);
    // The thresholds come from the server's rules, not from the page.
    await page
      .getByText(/apjoma lēciens: vismaz 50 personu dati dienā un 3 reizes .* 28 dienu laikā/)
      .waitFor();
    await page.getByText(/ārpus laika no 07:00 līdz 20:00/).waitFor();
    // The evidence: the clerk's deliveries of that day, from the access log, newest first.
    await rows.nth(1).getByRole('button', { name: 'Skatīt piegādes' }).click();
    const deliveries = page.getByRole('table', {
      name: 'Piegādes saņēmējam Test pdpUser (Vakarkrasta novada pašvaldība) 04.11.2026',
    });
    await deliveries.waitFor();
    const delivered = deliveries.locator('tbody tr');
    expect(await delivered.count()).toBe(27);
    expect(await delivered.first().getByRole('cell').first().textContent()).toContain('04.11.2026 21:00');
    expect(await delivered.last().getByRole('cell').first().textContent()).toContain('04.11.2026 10:00');
    await expectAccessible(page, 'the misuse signals');
    await saveScreenshot(page, 'console-misuse-signals');

    // A week with no access at all, and the same days in the test environment: nothing to look at.
    await askForSignals(page, { from: '2026-10-01', to: '2026-10-07' });
    await page.getByText('Signālu nav (01.10.2026–07.10.2026, ražošanas vide).').waitFor();
    expect(await page.getByRole('table', { name: /^Signāli,/ }).count()).toBe(0);
    // The deliveries opened under the last list went with it.
    expect(await page.getByRole('table', { name: /^Piegādes saņēmējam/ }).count()).toBe(0);
    const testQuery = await askForSignals(page, { from: '2026-11-02', to: '2026-11-08' }, 'test');
    expect(testQuery.get('environment')).toBe('test');
    await page.getByText('Signālu nav (02.11.2026–08.11.2026, testa vide).').waitFor();

    // More than 31 days: the server's refusal names the parameter.
    await askForSignals(page, { from: '2026-09-01', to: '2026-11-08' });
    const panel = page.locator('.panel').filter({ has: form });
    expect(await panel.getByRole('alert').textContent()).toContain('from:');
    await page.context().close();
  });
});
