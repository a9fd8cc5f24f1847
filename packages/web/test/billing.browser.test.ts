import { describe, expect, it } from 'vitest';
import { createOrganisation, createUser, type TestUser } from '../../server/test/access-fixtures';
import { systemClientAt } from '../../server/test/billing-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let organisationId: string;
let administrator: TestUser;
let contactPerson: TestUser;

const web = setUpBrowserTest(async (db) => {
  organisationId = (await createOrganisation(db, { name: 'SIA Rēķinu Dārzs' })).id;
  // System clients since January: the environment subscription is billed for every month since.
  for (let i = 0; i < 2; i += 1)
    await systemClientAt(db, {
      organisationId,
      environment: 'production',
      createdAt: new Date('2026-01-10T10:00:00Z'),
    });
  administrator = await createUser(db, { role: 'administrator' });
  contactPerson = await createUser(db, { role: 'contactPerson', organisationId });
});

/** `YYYY-MM-DD`, `days` after today (UTC; the API counts in Rīga, a day of margin covers it). */
function dayAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function invoicesOf() {
  return web.db
    .selectFrom('invoice')
    .select(['id', 'number', 'kind', 'totalCents', 'creditedInvoiceId'])
    .where('organisationId', '=', organisationId)
    .orderBy('number')
    .execute();
}

describe('billing in the console and the portal', () => {
  it('marks unverified tariffs and shows the refusal of an overlapping period', async () => {
    const page = await web.newPage();
    await logIn(page, administrator);
    await page.getByRole('link', { name: 'Tarifi' }).click();
    await page.getByRole('heading', { name: 'Tarifi', level: 1 }).waitFor();
    const unverified = await web.db
      .selectFrom('tariff')
      .select('id')
      .where('isVerified', '=', false)
      .execute();
    expect(unverified.length).toBeGreaterThan(0);
    await page.locator('tr.is-unverified').first().waitFor();
    expect(await page.locator('tr.is-unverified').count()).toBe(unverified.length);
    expect(await page.locator('tr.is-unverified').first().textContent()).toContain('nepārbaudīts');
    const before = await web.db.selectFrom('tariff').select('id').execute();

    const periodForm = page.locator('.panel').filter({ hasText: 'Jauns tarifa periods' });
    const addPeriod = async (validFrom: string) => {
      await periodForm.getByLabel('Veids').selectOption('newUser');
      await periodForm.getByLabel('Summa, EUR').fill('15,00');
      await periodForm.getByLabel('Spēkā no').fill(validFrom);
      await periodForm.getByLabel('Tiesību akts vai lēmums').fill('Rīkojums Nr. 42');
      await periodForm.getByRole('button', { name: 'Pievienot periodu' }).click();
    };
    await addPeriod(dayAfter(20));
    await page.getByRole('cell', { name: 'Rīkojums Nr. 42' }).waitFor();
    await addPeriod(dayAfter(10));
    await periodForm.getByRole('alert').waitFor();
    const after = await web.db.selectFrom('tariff').select(['kind', 'validFrom', 'amountCents']).execute();
    expect(after.length).toBe(before.length + 1);

    const bandForm = page.locator('.panel').filter({ hasText: 'Jauni abonementa diapazoni' });
    await bandForm.getByLabel('Veids').selectOption('monitoringSubscription');
    await bandForm.getByRole('button', { name: 'Vēl viens diapazons' }).click();
    await bandForm.getByLabel('1. diapazons: līdz').fill('100');
    await bandForm.getByLabel('1. diapazons: cena, EUR').fill('10,00');
    await bandForm.getByLabel('2. diapazons: cena, EUR').fill('25,00');
    await bandForm.getByLabel('Spēkā no').fill(dayAfter(30));
    await bandForm.getByLabel('Tiesību akts vai lēmums').fill('Valdes lēmums Nr. 7');
    await bandForm.getByLabel('Summa ņemta no tiesību akta').uncheck();
    await bandForm.getByRole('button', { name: 'Pievienot diapazonus' }).click();
    await page.getByRole('cell', { name: 'Valdes lēmums Nr. 7' }).first().waitFor();
    const bands = await web.db
      .selectFrom('tariff')
      .select(['bandFrom', 'bandTo', 'amountCents', 'isVerified'])
      .where('note', '=', 'Valdes lēmums Nr. 7')
      .orderBy('bandFrom')
      .execute();
    expect(bands.map((band) => ({ ...band, amountCents: Number(band.amountCents) }))).toEqual([
      { bandFrom: 1, bandTo: 100, amountCents: 1000, isVerified: false },
      { bandFrom: 101, bandTo: null, amountCents: 2500, isVerified: false },
    ]);
    await expectAccessible(page, 'the tariffs page');
    await page.context().close();
  }, 90_000);

  it('invoices a month, records a payment, issues a credit note, and the organisation sees its invoices', async () => {
    const page = await web.newPage();
    // A TOTP code is accepted once: each log-in within 30 seconds needs its own account.
    await logIn(page, await createUser(web.db, { role: 'administrator' }));
    await page.getByRole('link', { name: 'Rēķini' }).click();
    await page.getByRole('heading', { name: 'Rēķini', level: 1 }).waitFor();
    await page.getByLabel('Mēnesis').first().fill('2026-10');
    await page.getByRole('button', { name: 'Izrakstīt rēķinus' }).click();
    await page.getByRole('status').filter({ hasText: 'Izrakstīti 1' }).waitFor();
    const [invoice] = await invoicesOf();
    expect(invoice?.kind).toBe('invoice');
    const number = invoice?.number ?? '';
    await page.getByRole('cell', { name: number, exact: true }).waitFor();

    await page.getByRole('button', { name: `${number} maksājums vai labojums` }).click();
    await page.getByLabel('Summa, EUR').fill('1,00');
    await page.getByLabel('Bankas maksājuma atsauce').fill('RF-2026-10');
    await page.getByRole('button', { name: 'Reģistrēt maksājumu' }).click();
    await page.getByLabel('Bankas maksājuma atsauce').and(page.locator('[value=""]')).waitFor();
    const payments = await web.db
      .selectFrom('invoicePayment')
      .select(['amountCents', 'paymentReference'])
      .where('invoiceId', '=', invoice?.id ?? '')
      .execute();
    expect(payments.map((p) => ({ ...p, amountCents: Number(p.amountCents) }))).toEqual([
      { amountCents: 100, paymentReference: 'RF-2026-10' },
    ]);

    await page.getByLabel('Rēķina labošanas iemesls').fill('Nepareizs lietotāju skaits');
    await page.getByRole('button', { name: 'Kreditēt visu vēl nekreditēto' }).click();
    await page.getByText(/Izrakstīts kredītrēķins/).waitFor();
    const [, creditNote] = await invoicesOf();
    expect(creditNote).toMatchObject({ kind: 'creditNote', creditedInvoiceId: invoice?.id });
    await expectAccessible(page, 'the console invoices page');
    await saveScreenshot(page, 'console-invoices');
    await page.context().close();

    const portal = await web.newPage();
    await logIn(portal, contactPerson);
    await portal.getByRole('link', { name: 'Rēķini' }).click();
    const rows = portal.getByTestId('invoices').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await portal.getByTestId('invoices').textContent()).toContain(number);
    const download = portal.waitForEvent('download');
    await portal.getByRole('button', { name: `Lejupielādēt ${number}` }).click();
    expect((await download).suggestedFilename()).toBe(`${number}.pdf`);
    await expectAccessible(portal, 'the portal invoices page');
    await portal.context().close();
  }, 90_000);

  it('changes the billing settings with a reason and keeps the history', async () => {
    const page = await web.newPage();
    const secondAdministrator = await createUser(web.db, { role: 'administrator' });
    await logIn(page, secondAdministrator);
    await page.getByRole('link', { name: 'Norēķinu iestatījumi' }).click();
    await page.getByLabel('Automātiski apturēt parādnieku pieslēgumus').check();
    await page.getByLabel('Kavētas dienas līdz apturēšanai').fill('45');
    await page.getByLabel('Pamatojums').fill('Valdes lēmums');
    await page.getByRole('button', { name: 'Saglabāt jaunu versiju' }).click();
    await page.getByRole('cell', { name: 'Valdes lēmums' }).waitFor();
    const newest = await web.db
      .selectFrom('billingSetting')
      .select(['isAutomaticSuspensionEnabled', 'suspensionOverdueDays', 'reason', 'createdBy'])
      .orderBy('createdAt', 'desc')
      .executeTakeFirst();
    expect(newest).toEqual({
      isAutomaticSuspensionEnabled: true,
      suspensionOverdueDays: 45,
      reason: 'Valdes lēmums',
      createdBy: secondAdministrator.id,
    });
    await page.getByRole('link', { name: 'Parādnieki' }).click();
    await page.getByText('Kavētu rēķinu nav.').waitFor();
    await expectAccessible(page, 'the debtors page');
    await page.context().close();
  }, 90_000);
});
