import type { ContractDetail } from '@fpr/contract';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvents } from '../../server/src/modules/audit/audit.repository';
import { appendDebit } from '../../server/src/modules/billing/ledger.repository';
import { totpCodeAt } from '../../server/src/modules/identity/totp';
import { createOrganisation, createUser, sessionFor, type TestUser } from '../../server/test/access-fixtures';
import type { TestApp } from '../../server/test/app';
import { auditRecord, createPerson, createPurpose } from '../../server/test/audit-fixtures';
import { createServiceRequest } from '../../server/test/contract-fixtures';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';
import { topUp } from '../../server/test/persons-fixtures';
import { expectAccessible, launchBrowser, newPage, saveScreenshot, startWebServer } from './browser-fixtures';

let testDb: TestDatabase;
let server: TestApp;
let browser: Browser;
let reviewer: TestUser;
let administrator: TestUser;
let contactPerson: TestUser;
/** A TOTP code is accepted once: the dashboard is opened by a user who has not logged in yet. */
let accountant: TestUser;
let requestId: string;
/** A request already reviewed, waiting for its contract. */
let reviewedRequestId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  const organisation = await createOrganisation(db, { name: 'AS Konsoles Banka' });
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
  server = await startWebServer(db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await testDb?.drop();
});

/** Another organisation's production queries and fees today, so the dashboard has something to draw. */
async function seedUse() {
  const { db } = testDb;
  const other = await createOrganisation(db, { name: 'SIA Diagramma' });
  const purpose = await createPurpose(db, { organisationId: other.id });
  const person = await createPerson(db);
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

async function logIn(page: Page, user: TestUser): Promise<void> {
  // A missing element fails with its locator well within the test's own timeout.
  page.setDefaultTimeout(10_000);
  await page.goto('/login');
  await page.getByLabel('Lietotājvārds').fill(user.username);
  await page.getByLabel('Parole').fill(user.password);
  await page.getByLabel('Autentifikatora kods').fill(totpCodeAt(user.totpSecret, new Date()));
  await page.getByLabel('Autentifikatora kods').press('Enter');
  await page.waitForURL('**/console');
}

/** The contact person's side of the negotiation, through the API as their own portal would call it. */
async function asContactPerson(method: string, path: string, body: unknown) {
  const session = await sessionFor(testDb.db, contactPerson);
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: session.headers(),
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.json();
}

async function requestRow(id: string) {
  return testDb.db
    .selectFrom('serviceRequest')
    .select(['status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('the PMLP console', () => {
  it('a reviewer works the overdue request and asks for a clarification', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, server.baseUrl);
    await logIn(page, reviewer);
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
    const messages = await testDb.db
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
    const history = await testDb.db
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

  it('an administrator drafts the contract in two versions, both sides approve, and it is activated', {
    timeout: 60_000,
  }, async () => {
    const page = await newPage(browser, server.baseUrl);
    await logIn(page, administrator);
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
    await page.getByRole('button', { name: 'Aktivizēt līgumu' }).click();
    await page.getByRole('heading', { name: 'Piešķirtie mērķi' }).waitFor();
    expect(await page.getByTestId('contract-status').textContent()).toBe('spēkā');

    const stored = await testDb.db
      .selectFrom('contract')
      .select(['status', 'agreedVersion'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'active', agreedVersion: 2 });
    const approvals = await testDb.db
      .selectFrom('contractApproval')
      .select(['versionNumber', 'side'])
      .where('contractId', '=', contractId)
      .orderBy('side')
      .execute();
    expect(approvals).toEqual([
      { versionNumber: 2, side: 'organisation' },
      { versionNumber: 2, side: 'pmlp' },
    ]);
    const purposes = await testDb.db
      .selectFrom('purpose')
      .select(['legalBasis', 'scopes', 'fields', 'status'])
      .where('contractId', '=', contractId)
      .orderBy('legalBasis')
      .execute();
    expect(purposes).toEqual([
      expect.objectContaining({ legalBasis: 'Law on X, § 5', scopes: ['identity'], status: 'active' }),
      expect.objectContaining({
        legalBasis: 'Law on X, § 6',
        fields: ['residence.declaredAddress'],
        status: 'active',
      }),
    ]);
    expect(await requestRow(reviewedRequestId)).toEqual({ status: 'active' });
    await page.context().close();
  });

  it('renders the dashboard charts with their figures', async () => {
    const page = await newPage(browser, server.baseUrl);
    await logIn(page, accountant);
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
});
