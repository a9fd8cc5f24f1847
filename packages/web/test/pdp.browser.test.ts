import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordLifeEvent } from '../../server/src/modules/register/register.service';
import { createOrganisation, createUser, type TestUser } from '../../server/test/access-fixtures';
import { createQueryPurpose, topUp } from '../../server/test/persons-fixtures';
import { registerContext, registerPerson } from '../../server/test/register-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let organisationId: string;
let pdpUser: TestUser;
/** A second user: a TOTP code is accepted once, so each log-in within 30 seconds needs its own account. */
let otherPdpUser: TestUser;
// Each journey logs in a user of its own: a TOTP code is refused the second time within its window.
let wanderingPdpUser: TestUser;
let personCode: string;
let spouseCode: string;

const web = setUpBrowserTest(async (db) => {
  const organisation = await createOrganisation(db, { name: 'AS Pārlūka Banka' });
  organisationId = organisation.id;
  await createQueryPurpose(db, organisationId, {
    scopes: ['identity', 'documents', 'civilStatus'],
    fields: ['residence.declaredAddress'],
    channels: ['pdp'],
    environments: ['production'],
    requiresCaseReference: true,
  });
  await topUp(db, organisationId, 10_000);
  pdpUser = await createUser(db, { role: 'pdpUser', organisationId, environment: 'production' });
  otherPdpUser = await createUser(db, { role: 'pdpUser', organisationId, environment: 'production' });
  wanderingPdpUser = await createUser(db, { role: 'pdpUser', organisationId, environment: 'production' });
  const register = registerContext(db);
  personCode = await registerPerson(register, {
    environment: 'production',
    givenNames: 'Līga',
    surname: 'Kalniņa',
  });
  spouseCode = await registerPerson(register, {
    environment: 'production',
    givenNames: 'Jānis',
    surname: 'Kalniņš',
    sex: 'M',
    birthDate: '1988-03-02',
  });
  await recordLifeEvent(register, {
    type: 'married',
    environment: 'production',
    personalCode: personCode,
    spousePersonalCode: spouseCode,
    effectiveDate: '2021-06-12',
  });
  await recordLifeEvent(register, {
    type: 'documentIssued',
    environment: 'production',
    personalCode: personCode,
    document: { type: 'passport', number: 'LV1234567', validUntil: '2031-05-01', issuer: 'PMLP' },
    effectiveDate: '2021-05-02',
  });
});

async function readLedger() {
  const entries = await web.db
    .selectFrom('ledgerEntry')
    .select(['kind', 'amountCents', 'balanceAfterCents', 'persons', 'requestId'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
  // Cents are bigint columns, read back as text.
  return entries.map((entry) => ({
    ...entry,
    amountCents: Number(entry.amountCents),
    balanceAfterCents: Number(entry.balanceAfterCents),
  }));
}

async function readAudit() {
  return web.db
    .selectFrom('auditEvent')
    .select(['personalCode', 'actorKind', 'actorId', 'caseReference', 'feeCents', 'requestId', 'queryType'])
    .where('organisationId', '=', organisationId)
    .orderBy('occurredAt')
    .execute();
}

/** How long each card took to show after its API answer, in the order of the lookups. */
async function cardRenderTimes(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    performance.getEntriesByName('pdp:person-card', 'measure').map((entry) => entry.duration),
  );
}

describe('the Personal Data Browser', () => {
  it('logs in with TOTP, confirms the fee, shows the person card and charges and audits the lookup', async () => {
    const page = await web.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    expect(await page.getAttribute('html', 'lang')).toBe('lv');
    await expectAccessible(page, 'the log-in page');
    await saveScreenshot(page, 'login');

    await logIn(page, pdpUser);
    await page.waitForURL('**/pdp');
    await page.getByRole('heading', { name: 'Personu datu pārlūks' }).waitFor();
    await expect.poll(() => page.getByTestId('balance').textContent()).toMatch(/100,00\s€/);
    await expectAccessible(page, 'the PDP search');

    await page.getByLabel(/Lietas numurs/).fill('KYC-2026/17');
    await page.getByLabel('Personas kods').fill(personCode);
    await page.getByLabel('Personas kods').press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Apstipriniet maksas pieprasījumu' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/2,00\s€/);
    expect(await dialog.textContent()).toMatch(/100,00\s€/);
    await expectAccessible(page, 'the fee confirmation');
    // Nothing is charged until the user confirms.
    expect((await readLedger()).filter((entry) => entry.kind === 'charge')).toEqual([]);
    // The modal keeps the keyboard inside it; focus starts on the confirming button, so Enter confirms.
    const focusIsInDialog = () => page.evaluate(() => document.activeElement?.closest('dialog') !== null);
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusIsInDialog()).toBe(true);
    }
    await dialog.getByRole('button', { name: 'Apstiprināt un meklēt' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Līga Kalniņa' }).waitFor();
    expect(page.url()).not.toContain(personCode.slice(0, 6));
    expect(page.url()).toMatch(/\/pdp\/person$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-title');
    const card = page.locator('article.person-card');
    expect(await card.textContent()).toContain('17.05.1990');
    expect(await card.textContent()).toContain('Brīvības iela 1, Rīga, LV-1010');
    expect(await card.textContent()).toMatch(/LV1234567.*derīgs/);
    expect(await cardRenderTimes(page)).toHaveLength(1);
    await expectAccessible(page, 'the person card');
    await saveScreenshot(page, 'pdp-person-card');

    const charges = (await readLedger()).filter((entry) => entry.kind === 'charge');
    expect(charges).toEqual([
      expect.objectContaining({ amountCents: -200, balanceAfterCents: 9_800, persons: 1 }),
    ]);
    const audit = await readAudit();
    expect(audit).toEqual([
      {
        personalCode: personCode,
        actorKind: 'user',
        actorId: pdpUser.id,
        caseReference: 'KYC-2026/17',
        feeCents: 200,
        requestId: charges[0]?.requestId,
        queryType: 'byPersonalCode',
      },
    ]);

    // The spouse is a link: a new lookup, confirmed, charged and audited like the first.
    await page.getByRole('button', { name: /Jānis Kalniņš/ }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Jānis Kalniņš');
    expect(await dialog.textContent()).toMatch(/98,00\s€/);
    await dialog.getByRole('button', { name: 'Apstiprināt un meklēt' }).click();
    await page.getByRole('heading', { name: 'Jānis Kalniņš' }).waitFor();
    // Each card is measured (its speed is the `card` benchmark's, not a test's).
    const renderTimes = await cardRenderTimes(page);
    expect(renderTimes).toHaveLength(2);
    expect(
      (await readLedger()).filter((entry) => entry.kind === 'charge').map((e) => e.balanceAfterCents),
    ).toEqual([9_800, 9_600]);
    expect((await readAudit()).map((event) => [event.personalCode, event.caseReference])).toEqual([
      [personCode, 'KYC-2026/17'],
      [spouseCode, 'KYC-2026/17'],
    ]);

    await page.getByRole('link', { name: 'Atpakaļ uz meklēšanu' }).click();
    await expect.poll(() => page.getByTestId('balance').textContent()).toMatch(/96,00\s€/);

    // By surname and birth date: the confirmation speaks of a fee per person found.
    await page.getByLabel('vārda un dzimšanas datuma').check();
    await page.getByLabel('Uzvārds').fill('kalnina');
    await page.getByLabel('Dzimšanas datums').fill('1990-05-17');
    await page.getByLabel('Dzimšanas datums').press('Enter');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/par katru atrasto personu/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Atrastās personas: 1' }).waitFor();
    await page.getByRole('button', { name: 'Līga Kalniņa' }).click();
    await page.getByRole('heading', { name: 'Līga Kalniņa' }).waitFor();
    expect((await readAudit()).map((event) => event.queryType)).toEqual([
      'byPersonalCode',
      'byPersonalCode',
      'byNameAndBirthDate',
    ]);
    await page.getByRole('link', { name: 'Mani pieprasījumi' }).click();
    const rows = page.locator('table.history tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain(spouseCode);
    await expectAccessible(page, 'the lookup history');
    await saveScreenshot(page, 'pdp-history');
    await page.context().close();
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await web.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in to FPR Online' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Log in to FPR Online' }).waitFor();
    await page.getByRole('button', { name: 'Latviski' }).click();
    await page.getByRole('heading', { name: 'Pieteikšanās FPR tiešsaistē' }).waitFor();
    await page.context().close();
  });

  it('leads a PDP user who types the address of another area back to the PDP, never to its screens', async () => {
    const page = await web.newPage();
    await logIn(page, wanderingPdpUser);
    await page.waitForURL('**/pdp');
    for (const address of ['/organisation/monitoring', '/console', '/console/audit']) {
      await page.goto(address);
      await page.waitForURL('**/pdp');
      await page.getByRole('heading', { name: 'Personu datu pārlūks' }).waitFor();
    }
    await page.context().close();
  });

  it('sends the user to the log-in page with a message when the session has ended', async () => {
    const page = await web.newPage();
    await logIn(page, otherPdpUser);
    await page.waitForURL('**/pdp');
    await page.getByRole('heading', { name: 'Personu datu pārlūks' }).waitFor();
    // The server no longer knows the session (as after 30 idle minutes).
    await web.db.deleteFrom('userSession').where('userId', '=', otherPdpUser.id).execute();
    await page.reload();
    await page.waitForURL('**/login');
    await page.getByText('Sesija ir beigusies').waitFor();
    await expectAccessible(page, 'the log-in page after expiry');
    await page.context().close();
  });
});
