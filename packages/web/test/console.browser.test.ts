import type { ContractDetail } from '@fpr/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertAuditEvents } from '../../server/src/modules/audit/audit.repository';
import { appendDebit } from '../../server/src/modules/billing/ledger.repository';
import { createOrganisation, createUser, sessionFor, type TestUser } from '../../server/test/access-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../server/test/audit-fixtures';
import { createConnection, type TestConnection } from '../../server/test/connection-fixtures';
import { createServiceRequest } from '../../server/test/contract-fixtures';
import { topUp } from '../../server/test/persons-fixtures';
import { registerContext, registerPerson } from '../../server/test/register-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let reviewer: TestUser;
let administrator: TestUser;
let contactPerson: TestUser;
/** A TOTP code is accepted once: the dashboard is opened by a user who has not logged in yet. */
let accountant: TestUser;
let requestId: string;
let organisationId: string;
let connection: TestConnection;
let deliveredCode: string;
let registeredCode: string;
/** A request already reviewed, waiting for its contract. */
let reviewedRequestId: string;

const web = setUpBrowserTest(async (db) => {
  const organisation = await createOrganisation(db, { name: 'AS Konsoles Banka' });
  organisationId = organisation.id;
  connection = await createConnection(db, { organisationId, environment: 'production' });
  registeredCode = await registerPerson(registerContext(db), {
    environment: 'production',
    surname: 'Reģistra',
  });
  contactPerson = await createUser(db, { role: 'contactPerson', organisationId: organisation.id });
  // Submitted on 2 March 2026 with its deadline on 15 April: long overdue by now.
  requestId = (
    await createServiceRequest(db, {
      organisationId: organisation.id,
      createdBy: contactPerson.id,
      status: 'submitted',
    })
  ).id;
  reviewedRequestId = (
    await createServiceRequest(db, {
      organisationId: organisation.id,
      createdBy: contactPerson.id,
      status: 'in_review',
    })
  ).id;
  reviewer = await createUser(db, { role: 'reviewer' });
  administrator = await createUser(db, { role: 'administrator' });
  accountant = await createUser(db, { role: 'accountant' });
  await seedUse();
});

/** Another organisation's production queries and fees today, so the dashboard has something to draw. */
async function seedUse() {
  const { db } = web;
  const other = await createOrganisation(db, { name: 'SIA Diagramma' });
  const purpose = await createPurpose(db, { organisationId: other.id });
  const person = await createPerson(db);
  deliveredCode = person.personalCode;
  const now = new Date();
  await insertAuditEvents(db, [
    auditRecord(purpose, person, { requestId: 'dashboard-1', occurredAt: now }),
    auditRecord(purpose, person, { requestId: 'dashboard-2', occurredAt: now }),
  ]);
  await topUp(db, other.id, 1_000);
  await appendDebit(db, {
    organisationId: other.id,
    kind: 'charge',
    amountCents: 400,
    reason: null,
    requestId: 'dashboard-1',
    persons: 2,
    idempotencyKey: null,
    createdBy: null,
    at: now,
  });
}

async function logInToConsole(page: Page, user: TestUser): Promise<void> {
  // A missing element fails with its locator well within the test's own timeout.
  page.setDefaultTimeout(10_000);
  await logIn(page, user, '/login');
  await page.waitForURL('**/console');
}

/** The contact person's side of the negotiation, through the API as their own portal would call it. */
async function asContactPerson(method: string, path: string, body: unknown) {
  const session = await sessionFor(web.db, contactPerson);
  const response = await fetch(`${web.baseUrl}${path}`, {
    method,
    headers: session.headers(),
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.json();
}

async function requestRow(id: string) {
  return web.db
    .selectFrom('serviceRequest')
    .select(['status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

// A browser journey on a busy machine takes well over the default 30 seconds.
describe('the PMLP console', { timeout: 90_000 }, () => {
  it('a reviewer works the overdue request and asks for a clarification', async () => {
    const page = await web.newPage();
    await logInToConsole(page, reviewer);
    await page.getByRole('heading', { name: 'Pārskats' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Konsoles sadaļas' })
      .getByRole('link', { name: 'Izskatāmie pieprasījumi' })
      .click();
    const row = page
      .getByRole('row')
      .filter({ hasText: 'AS Konsoles Banka' })
      .filter({ hasText: 'iesniegts' });
    await row.getByText(/Nokavēts par \d+ darba d\./).waitFor();
    expect(await row.getAttribute('class')).toContain('is-overdue');
    await expectAccessible(page, 'the review queue');
    await saveScreenshot(page, 'console-queue');

    await row.getByRole('link', { name: 'Access for client identification' }).click();
    await page.getByRole('button', { name: 'Sākt izskatīšanu' }).click();
    await page.getByLabel('Kas organizācijai jāprecizē').fill('Kāpēc jums vajadzīga deklarētā adrese?');
    await expectAccessible(page, 'the request under review');
    await page.getByRole('button', { name: 'Lūgt precizējumu' }).click();
    await page.getByText('Gaidām organizācijas atbildi').waitFor();
    await page.locator('.messages').getByText('Kāpēc jums vajadzīga deklarētā adrese?').waitFor();

    expect(await requestRow(requestId)).toEqual({ status: 'clarification_requested' });
    const messages = await web.db
      .selectFrom('requestMessage')
      .select(['kind', 'body', 'authorUserId'])
      .where('requestId', '=', requestId)
      .execute();
    expect(messages).toEqual([
      {
        kind: 'clarificationRequest',
        body: 'Kāpēc jums vajadzīga deklarētā adrese?',
        authorUserId: reviewer.id,
      },
    ]);
    const history = await web.db
      .selectFrom('requestEvent')
      .select(['toStatus', 'actorUserId'])
      .where('requestId', '=', requestId)
      .orderBy('id')
      .execute();
    expect(history.slice(-2)).toEqual([
      { toStatus: 'in_review', actorUserId: reviewer.id },
      { toStatus: 'clarification_requested', actorUserId: reviewer.id },
    ]);

    // The organisation answers in its portal; the request is back in review with the answer shown.
    await asContactPerson('POST', `/api/v1/org/requests/${requestId}/messages`, {
      body: 'Lai sūtītu klientiem vēstules.',
    });
    expect(await requestRow(requestId)).toEqual({ status: 'in_review' });
    await page.reload();
    await page.locator('.messages').getByText('Lai sūtītu klientiem vēstules.').waitFor();
    await page.getByRole('button', { name: 'Sākt līguma sagatavošanu' }).waitFor();
    await page.context().close();
  });

  it('an administrator drafts the contract in two versions, both sides approve, and it is activated', async () => {
    const page = await web.newPage();
    await logInToConsole(page, administrator);
    await page.goto(`/console/requests/${reviewedRequestId}`);
    const text = page.getByLabel('Līguma teksts (Markdown)');
    await expect.poll(() => text.inputValue()).toContain('Law on X, § 6');
    await page.getByRole('button', { name: 'Sākt līguma sagatavošanu' }).click();
    await page.waitForURL('**/console/contracts/*');
    const contractId = page.url().split('/').at(-1) ?? '';

    const draft = page.getByLabel('Līguma teksts (Markdown)');
    await expect.poll(() => draft.inputValue()).toContain('AS Konsoles Banka');
    await draft.fill(`${await draft.inputValue()}\n## 4. Termiņš\n\nLīgums ir spēkā uz nenoteiktu laiku.\n`);
    await page.getByRole('button', { name: 'Publicēt versiju' }).click();
    const diff = page.getByTestId('contract-diff');
    await diff.waitFor();
    expect(await diff.locator('.added').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Līgums ir spēkā uz nenoteiktu laiku.')]),
    );
    await page.getByLabel('Komentārs par 2. versiju').fill('Pievienots termiņš.');
    await page.getByRole('button', { name: 'Pievienot komentāru' }).click();
    await page.locator('.messages').getByText('Pievienots termiņš.').waitFor();
    await expectAccessible(page, 'the contract with its diff');
    await saveScreenshot(page, 'console-contract-diff');

    await page.getByRole('button', { name: 'Apstiprināt 2. versiju PMLP vārdā' }).click();
    await page.getByText(/apstiprināja Test administrator/).waitFor();
    const contract = (await asContactPerson(
      'GET',
      `/api/v1/org/contracts/${contractId}`,
      undefined,
    )) as ContractDetail;
    const latest = contract.versions.find((version) => version.number === 2);
    await asContactPerson('POST', `/api/v1/org/contracts/${contractId}/approve`, {
      version: 2,
      textHash: latest?.textHash,
    });

    await page.reload();
    await page.getByRole('heading', { name: 'Aktivizēšana' }).waitFor();
    expect(await page.getByTestId('contract-status').textContent()).toBe('saskaņots');
    await expectAccessible(page, 'the agreed contract');
    // The second purpose serves the residents of one novads and of Rīga.
    await page.getByLabel('Deklarētā iedzīvotāju grupa (ATVK kodi)').nth(1).fill('0020000, 0001000');
    await page.getByRole('button', { name: 'Aktivizēt līgumu' }).click();
    await page.getByRole('heading', { name: 'Piešķirtie mērķi' }).waitFor();
    expect(await page.getByTestId('contract-status').textContent()).toBe('spēkā');
    await page.getByText('Iedzīvotāji: 0020000, 0001000').waitFor();

    const stored = await web.db
      .selectFrom('contract')
      .select(['status', 'agreedVersion'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'active', agreedVersion: 2 });
    const approvals = await web.db
      .selectFrom('contractApproval')
      .select(['versionNumber', 'side'])
      .where('contractId', '=', contractId)
      .orderBy('side')
      .execute();
    expect(approvals).toEqual([
      { versionNumber: 2, side: 'organisation' },
      { versionNumber: 2, side: 'pmlp' },
    ]);
    const purposes = await web.db
      .selectFrom('purpose')
      .select(['legalBasis', 'scopes', 'fields', 'status', 'populationTerritories'])
      .where('contractId', '=', contractId)
      .orderBy('legalBasis')
      .execute();
    expect(purposes).toEqual([
      expect.objectContaining({
        legalBasis: 'Law on X, § 5',
        scopes: ['identity'],
        status: 'active',
        populationTerritories: [],
      }),
      expect.objectContaining({
        legalBasis: 'Law on X, § 6',
        fields: ['residence.declaredAddress'],
        status: 'active',
        populationTerritories: ['0020000', '0001000'],
      }),
    ]);
    expect(await requestRow(reviewedRequestId)).toEqual({ status: 'active' });
    await page.context().close();
  });

  it('renders the dashboard charts with their figures', async () => {
    const page = await web.newPage();
    await logInToConsole(page, accountant);
    const queries = page.getByRole('figure', { name: 'Pieprasījumi dienā pa organizācijām' });
    await queries.locator('svg rect').first().waitFor();
    expect(await queries.locator('.legend').textContent()).toContain('SIA Diagramma');
    const fees = page.getByRole('figure', { name: 'Valsts nodevas mēnesī' });
    await fees.getByText('Rādīt datus tabulā').click();
    expect(await fees.locator('table').textContent()).toMatch(/4,00\s€/);
    const statuses = page.getByRole('figure', { name: 'Pakalpojuma pieprasījumi pēc statusa' });
    expect(await statuses.locator('svg').textContent()).toContain('aktīvs');
    await expectAccessible(page, 'the dashboard');
    await saveScreenshot(page, 'console-dashboard');
    await page.context().close();
  });

  it('an administrator decides a fee exemption and suspends and restores a connection, with reasons', async () => {
    const secondAdministrator = await createUser(web.db, { role: 'administrator' });
    const page = await web.newPage();
    await logInToConsole(page, secondAdministrator);
    const nav = page.getByRole('navigation', { name: 'Konsoles sadaļas' });
    await nav.getByRole('link', { name: 'Organizācijas' }).click();
    await page.getByRole('link', { name: 'AS Konsoles Banka' }).click();
    await page.getByLabel('Tiesiskais pamats atbrīvojumam').fill('Valsts nodevas likums, 5. pants');
    await page.getByRole('button', { name: 'Piešķirt atbrīvojumu' }).click();
    await page.getByTestId('organisation-history').getByText('Valsts nodevas likums, 5. pants').waitFor();
    expect(await page.getByTestId('fee-exemption').textContent()).toContain('jā');
    await expectAccessible(page, 'the organisation');
    const decisions = await web.db
      .selectFrom('organisationEvent')
      .select(['action', 'actorUserId', 'reason'])
      .where('organisationId', '=', organisationId)
      .execute();
    expect(decisions).toEqual([
      {
        action: 'feeExemptionGranted',
        actorUserId: secondAdministrator.id,
        reason: 'Valsts nodevas likums, 5. pants',
      },
    ]);

    await page.getByRole('link', { name: /ražošanas vide: aktīvs/ }).click();
    await page.getByLabel('Pamatojums').fill('Aizdomas par nesankcionētu piekļuvi');
    await page.getByRole('button', { name: 'Apturēt pieslēgumu' }).click();
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('apturēts');
    await expectAccessible(page, 'the suspended connection');
    await page.getByLabel('Pamatojums').fill('Pārbaude pabeigta');
    await page.getByRole('button', { name: 'Atjaunot pieslēgumu' }).click();
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('aktīvs');
    const events = await web.db
      .selectFrom('connectionEvent')
      .select(['action', 'toStatus', 'reason', 'actorUserId'])
      .where('connectionId', '=', connection.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        action: 'suspended',
        toStatus: 'suspended',
        reason: 'Aizdomas par nesankcionētu piekļuvi',
        actorUserId: secondAdministrator.id,
      },
      {
        action: 'restored',
        toStatus: 'active',
        reason: 'Pārbaude pabeigta',
        actorUserId: secondAdministrator.id,
      },
    ]);

    for (const [link, heading] of [
      ['Pieslēgumi', 'Pieslēgumi'],
      ['Līgumi', 'Līgumi'],
      ['PMLP lietotāji', 'PMLP lietotāji'],
      ['Tarifi', 'Tarifi'],
      ['Darba dienu kalendārs', 'Darba dienu kalendārs'],
    ]) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('table').first().waitFor();
      await expectAccessible(page, `the ${link} screen`);
    }

    // The access log and the data-subject report: the personal code travels in bodies only.
    await nav.getByRole('link', { name: 'Piekļuves žurnāls' }).click();
    const search = page.getByRole('form', { name: 'Meklēt žurnālā' });
    await search.getByLabel('Personas kods').fill(deliveredCode);
    await search.getByRole('button', { name: 'Meklēt' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    const report = page.getByRole('form', { name: 'Datu subjekta pārskats' });
    await report.getByLabel('Personas kods').fill(deliveredCode);
    await report.getByRole('button', { name: 'Rādīt pārskatu' }).click();
    expect(await page.getByTestId('subject-report-json').textContent()).toContain('SIA Diagramma');
    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: 'Lejupielādēt PDF' }).click();
    expect((await download).suggestedFilename()).toBe('datu-subjekta-parskats.pdf');
    expect(page.url()).not.toContain(deliveredCode.slice(0, 6));
    await expectAccessible(page, 'the access log and the data-subject report');
    await saveScreenshot(page, 'console-audit');
    await page.context().close();
  });

  it('an accountant records a top-up with its payment reference', async () => {
    const secondAccountant = await createUser(web.db, { role: 'accountant' });
    const page = await web.newPage();
    await logInToConsole(page, secondAccountant);
    await page
      .getByRole('navigation', { name: 'Konsoles sadaļas' })
      .getByRole('link', { name: 'Organizācijas' })
      .click();
    await page.getByRole('link', { name: 'AS Konsoles Banka' }).click();
    const form = page.getByRole('form', { name: 'Saņemts maksājums' });
    await form.getByLabel('Summa, EUR').fill('25,50');
    await form.getByLabel('Maksājuma mērķis (kā izrakstā)').fill('RF18 0000 1234');
    await form.getByRole('button', { name: 'Reģistrēt maksājumu' }).click();
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toMatch(/25,50\s€/);
    await expectAccessible(page, 'the ledger of an organisation');
    const entries = await web.db
      .selectFrom('ledgerEntry')
      .select(['kind', 'amountCents', 'paymentReference', 'createdBy'])
      .where('organisationId', '=', organisationId)
      .execute();
    expect(entries).toEqual([
      {
        kind: 'topUp',
        amountCents: '2550',
        paymentReference: 'RF18 0000 1234',
        createdBy: secondAccountant.id,
      },
    ]);
    await page.context().close();
  });

  it('a registrar finds a person without the code in the address and records a life event', async () => {
    const registrar = await createUser(web.db, { role: 'registrar' });
    const page = await web.newPage();
    await logInToConsole(page, registrar);
    await page
      .getByRole('navigation', { name: 'Konsoles sadaļas' })
      .getByRole('link', { name: 'Reģistrs' })
      .click();
    await page.getByLabel('Personas kods').fill(registeredCode);
    await page.getByRole('button', { name: 'Atrast personu' }).click();
    await page.getByRole('heading', { name: 'Anna Reģistra' }).waitFor();
    expect(page.url()).toMatch(/\/console\/register$/);
    await page.getByLabel('Adreses kods (VZD)').fill('100000002');
    await page.getByLabel('Adrese', { exact: true }).fill('Elizabetes iela 2, Rīga, LV-1010');
    await page.getByLabel('Pasta indekss').fill('LV-1010');
    await page.getByLabel('ATVK kods').fill('0001000');
    await page.getByRole('button', { name: 'Reģistrēt', exact: true }).click();
    await page.getByText('Elizabetes iela 2, Rīga, LV-1010').waitFor();
    await expectAccessible(page, 'the register');
    await saveScreenshot(page, 'console-register');
    const changes = await web.db
      .selectFrom('changeEvent')
      .select(['type', 'version', 'recordedBy'])
      .where('personalCode', '=', registeredCode)
      .orderBy('version')
      .execute();
    expect(changes.at(-1)).toEqual({ type: 'addressDeclared', version: 2, recordedBy: registrar.username });
    await page.context().close();
  });
});
