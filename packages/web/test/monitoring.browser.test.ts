import { describe, expect, it } from 'vitest';
import { recordLifeEvent } from '../../server/src/modules/register/register.service';
import { createOrganisation, createUser, type TestUser } from '../../server/test/access-fixtures';
import { createMonitoringPurpose, sealFeed } from '../../server/test/monitoring-fixtures';
import { registerContext, registerPerson } from '../../server/test/register-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let organisationId: string;
let pdpUser: TestUser;
let annaCode: string;
let janisCode: string;

const web = setUpBrowserTest(async (db) => {
  const organisation = await createOrganisation(db, { name: 'SIA Uzraudzības Serviss' });
  organisationId = organisation.id;
  await createMonitoringPurpose(db, organisationId, {
    scopes: ['identity'],
    fields: ['residence.declaredAddress'],
    channels: ['pdp'],
    environments: ['test'],
  });
  pdpUser = await createUser(db, { role: 'pdpUser', organisationId, environment: 'test' });
  const register = registerContext(db);
  annaCode = await registerPerson(register, { givenNames: 'Anna', surname: 'Bērziņa' });
  janisCode = await registerPerson(register, { givenNames: 'Jānis', surname: 'Ozols', sex: 'M' });
});

async function subscriptionRows(ofOrganisation = organisationId) {
  return web.db
    .selectFrom('monitoringSubscription')
    .innerJoin('person', 'person.id', 'monitoringSubscription.personId')
    .select([
      'person.personalCode',
      'monitoringSubscription.environment',
      'subscribedBy',
      'endedAt',
      'endedBy',
    ])
    .where('organisationId', '=', ofOrganisation)
    .orderBy('monitoringSubscription.id')
    .execute();
}

describe('monitoring', () => {
  it('uploads a CSV of codes, shows each line, lists and removes, and shows a change after a test event', async () => {
    const page = await web.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await logIn(page, pdpUser);
    await page.getByRole('link', { name: 'Monitorings' }).click();
    await page.getByRole('heading', { name: 'Monitorings', level: 1 }).waitFor();

    const csv = `personas_kods\r\n${annaCode}\r\n\r\n${janisCode}\r\n999999-99999\r\n${annaCode}\r\n`;
    await page.getByLabel('CSV fails').setInputFiles({
      name: 'kodi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Augšupielādēt' }).click();
    const results = page.getByTestId('upload-results');
    await results.waitFor();
    const lines = await results.locator('tbody tr').allInnerTexts();
    expect(lines.map((line) => line.split('\t').map((cell) => cell.trim()))).toEqual([
      ['2', annaCode, 'pievienots'],
      ['4', janisCode, 'pievienots'],
      ['5', '999999-99999', 'nederīgs kods'],
      ['6', annaCode, 'jau tiek monitorēts'],
    ]);
    const subscriptions = page.getByTestId('subscriptions');
    await subscriptions.getByRole('cell', { name: janisCode, exact: true }).waitFor();
    expect(await subscriptions.locator('tbody tr').count()).toBe(2);
    const added = await subscriptionRows();
    expect(added.map((row) => row.personalCode)).toEqual([annaCode, janisCode]);
    expect(added.every((row) => row.environment === 'test' && row.endedAt === null)).toBe(true);
    expect(added.every((row) => row.subscribedBy === `user:${pdpUser.id}`)).toBe(true);
    await expectAccessible(page, 'the monitoring page after an upload');

    await page.getByRole('button', { name: `Beigt monitorēt ${janisCode}` }).click();
    await subscriptions.getByRole('cell', { name: janisCode, exact: true }).waitFor({ state: 'detached' });
    const [, removed] = await subscriptionRows();
    expect(removed?.endedAt).not.toBeNull();
    expect(removed?.endedBy).toBe(`user:${pdpUser.id}`);

    // The test event, recorded as `POST /api/v1/test/events` records it, then sealed into the feed.
    await recordLifeEvent(registerContext(web.db), {
      type: 'nameChanged',
      environment: 'test',
      personalCode: annaCode,
      surname: 'Liepiņa',
      reason: 'laulība',
    });
    await sealFeed(web.db);
    await page.getByRole('button', { name: 'Pārbaudīt jaunas izmaiņas' }).click();
    const change = page.getByTestId('changes').locator('tbody tr').first();
    await change.getByText('mainīts vārds').waitFor();
    expect(await change.textContent()).toContain(annaCode);
    const delivered = await web.db
      .selectFrom('monitoringDelivery')
      .select('organisationId')
      .where('organisationId', '=', organisationId)
      .execute();
    expect(delivered.length).toBeGreaterThan(0);
    await expectAccessible(page, 'the monitoring page with a change');
    expect(urls.filter((url) => url.includes(annaCode) || url.includes(janisCode))).toEqual([]);
    await saveScreenshot(page, 'monitoring-upload');
    await page.context().close();
  }, 90_000);

  it('lets a contact person upload in the test environment they chose and see a change after a test event', async () => {
    const { db } = web;
    const organisation = await createOrganisation(db, { name: 'SIA Portāla Uzraudzība' });
    // A system integration's purpose (API only), in both environments: the portal manages it.
    await createMonitoringPurpose(db, organisation.id, {
      scopes: ['identity'],
      fields: [],
      channels: ['api'],
      environments: ['test', 'production'],
    });
    const contact = await createUser(db, { role: 'contactPerson', organisationId: organisation.id });
    const register = registerContext(db);
    const ilzeCode = await registerPerson(register, { givenNames: 'Ilze', surname: 'Kalna' });
    const productionCode = await registerPerson(register, { environment: 'production', surname: 'Ražotne' });
    const page = await web.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await logIn(page, contact);
    await page.getByRole('link', { name: 'Monitorings' }).click();
    await page.getByRole('heading', { name: 'Monitorings', level: 1 }).waitFor();
    expect(await page.getByRole('radio', { name: 'testa vide' }).isChecked()).toBe(true);

    const csv = `${ilzeCode}\n${productionCode}\n`;
    await page
      .getByLabel('CSV fails')
      .setInputFiles({ name: 'kodi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Augšupielādēt' }).click();
    const results = page.getByTestId('upload-results');
    await results.waitFor();
    const lines = await results.locator('tbody tr').allInnerTexts();
    // The production person does not exist in the test environment.
    expect(lines.map((line) => line.split('\t').map((cell) => cell.trim()))).toEqual([
      ['1', ilzeCode, 'pievienots'],
      ['2', productionCode, 'nav atrasts'],
    ]);
    await page.getByTestId('subscriptions').getByRole('cell', { name: ilzeCode, exact: true }).waitFor();
    expect(await subscriptionRows(organisation.id)).toEqual([
      {
        personalCode: ilzeCode,
        environment: 'test',
        subscribedBy: `user:${contact.id}`,
        endedAt: null,
        endedBy: null,
      },
    ]);

    await recordLifeEvent(registerContext(db), {
      type: 'nameChanged',
      environment: 'test',
      personalCode: ilzeCode,
      surname: 'Kalniņa',
      reason: 'laulība',
    });
    await sealFeed(db);
    await page.getByRole('button', { name: 'Pārbaudīt jaunas izmaiņas' }).click();
    const change = page.getByTestId('changes').locator('tbody tr').first();
    await change.getByText('mainīts vārds').waitFor();
    expect(await change.textContent()).toContain(ilzeCode);
    const audited = await db
      .selectFrom('auditEvent')
      .select(['personalCode', 'environment', 'actorKind', 'actorId'])
      .where('organisationId', '=', organisation.id)
      .execute();
    expect(audited).toEqual([
      { personalCode: ilzeCode, environment: 'test', actorKind: 'user', actorId: contact.id },
    ]);
    await expectAccessible(page, 'the portal’s monitoring page with a change');
    await saveScreenshot(page, 'monitoring-contact-person');

    // The production environment has its own, still empty, monitoring.
    // A click, not check(): the choice lives in the address, so the radio turns checked only after
    // the navigation re-renders the page, later than check() looks; the empty list below proves it.
    await page.getByRole('radio', { name: 'ražošanas vide' }).click();
    await page.getByText('Vēl neviena persona netiek monitorēta.').waitFor();
    expect(urls.filter((url) => url.includes(ilzeCode) || url.includes(productionCode))).toEqual([]);
    await page.context().close();
  }, 90_000);
});
