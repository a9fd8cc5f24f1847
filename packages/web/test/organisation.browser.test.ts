import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair } from 'jose';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertAuditEvents } from '../../server/src/modules/audit/audit.repository';
import { isClientSecretCorrect } from '../../server/src/modules/tokens/client-secret';
import {
  createOrganisation,
  createUser,
  type TestSession,
  type TestUser,
  userWithSession,
} from '../../server/test/access-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../server/test/audit-fixtures';
import {
  accessTokenFor,
  basicHeader,
  createConnection,
  postToken,
} from '../../server/test/connection-fixtures';
import { topUp } from '../../server/test/persons-fixtures';
import { expectAccessible, logIn, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

const contractV1 = [
  '# Sadarbības līgums',
  '',
  '1. Puses: PMLP un AS Portāla Banka.',
  '2. PMLP sniedz datus par personām.',
  '3. Līgums ir spēkā vienu gadu.',
  '',
].join('\n');
const contractV2 = [
  '# Sadarbības līgums',
  '',
  '1. Puses: PMLP un AS Portāla Banka.',
  '2. PMLP sniedz identitātes un dzīvesvietas datus.',
  '3. Līgums ir spēkā vienu gadu.',
  '4. Valsts nodevu maksā no priekšapmaksas.',
  '',
].join('\n');

/** Each journey walks many pages; on a shared two-core machine the longest outlasts the default 30 s. */
const journeyTimeoutMs = 120_000;

let organisationId: string;
let contactPerson: TestUser;
/** A TOTP code is accepted once: each log-in within 30 seconds needs its own account. */
let otherContactPerson: TestUser;
let reviewer: TestUser & { session: TestSession };

const web = setUpBrowserTest(async (db) => {
  const organisation = await createOrganisation(db, { name: 'AS Portāla Banka' });
  organisationId = organisation.id;
  contactPerson = await createUser(db, { role: 'contactPerson', organisationId });
  otherContactPerson = await createUser(db, { role: 'contactPerson', organisationId });
  reviewer = await userWithSession(db, { role: 'reviewer' });
  // System clients need a connection in their environment; PMLP has set up the test one.
  await createConnection(db, { organisationId, environment: 'test' });
});

async function logInToPortal(page: Page, user: TestUser): Promise<void> {
  await logIn(page, user);
  await page.waitForURL('**/organisation/**');
}

/** PMLP's side of the negotiation, through the API as the console would call it. */
async function asReviewer(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${web.baseUrl}${path}`, {
    method,
    // A body-less POST must not claim a JSON body.
    headers:
      body === undefined
        ? { cookie: reviewer.session.cookie, 'x-csrf-token': reviewer.session.csrfToken }
        : reviewer.session.headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
  return answer;
}

async function readRequest() {
  return web.db
    .selectFrom('serviceRequest')
    .select(['id', 'status', 'title', 'scopes', 'channels', 'environments', 'expectedSystemUsers'])
    .select(['wantsMonitoring', 'contactPersons', 'deadline', 'createdBy'])
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('the organisation portal', { timeout: journeyTimeoutMs }, () => {
  it('submits a request with the wizard, answers a clarification, compares, comments on and approves the contract', async () => {
    const page = await web.newPage();
    await logInToPortal(page, contactPerson);
    await page.getByRole('link', { name: 'Pieprasījumi' }).click();
    await page.getByRole('link', { name: 'Jauns pieprasījums' }).click();
    await page.getByRole('heading', { name: 'Jauns pakalpojuma pieprasījums' }).waitFor();

    // Step 1: a step with gaps is refused, each gap named.
    await page.getByLabel('Pieprasījuma nosaukums').fill('Klientu identifikācija');
    await page.getByRole('checkbox', { name: 'Identitāte' }).check();
    await page.getByRole('checkbox', { name: 'Dzīvesvieta' }).check();
    await page.getByRole('button', { name: 'Tālāk' }).click();
    const stepProblems = page.getByRole('alert');
    await stepProblems.waitFor();
    expect(await stepProblems.getByRole('link').count()).toBe(4);
    await expectAccessible(page, 'the wizard with problems');
    const identity = page.getByRole('group', { name: 'Identitāte' });
    await identity
      .getByLabel(/Tiesiskais pamats/)
      .fill('Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likuma 11. pants');
    await identity.getByLabel('Mērķis').fill('Klienta identificēšana, uzsākot darījuma attiecības');
    const residence = page.getByRole('group', { name: 'Dzīvesvieta' });
    await residence.getByLabel(/Tiesiskais pamats/).fill('Kredītiestāžu likuma 45. pants');
    await residence.getByLabel('Mērķis').fill('Paziņojumu sūtīšana uz deklarēto adresi');
    await residence.getByText(/Visa datu kopa/).click();
    await residence.getByRole('checkbox', { name: 'residence.declaredAddress' }).check();
    await saveScreenshot(page, 'organisation-wizard');
    await page.getByRole('button', { name: 'Tālāk' }).click();

    // Step 2: channels and environments.
    await page.getByRole('heading', { name: 'Kanāli un vides' }).waitFor();
    await page.getByRole('checkbox', { name: /Starpsistēmu saskarne/ }).check();
    await page.getByRole('checkbox', { name: 'testa vide' }).check();
    await page.getByRole('checkbox', { name: 'ražošanas vide' }).check();
    await page.getByRole('button', { name: 'Tālāk' }).click();

    // Step 3: users and monitoring.
    await page.getByLabel('Paredzamais sistēmas lietotāju skaits').fill('3');
    await page.getByRole('checkbox', { name: /monitoringu/ }).check();
    await page.getByRole('button', { name: 'Tālāk' }).click();

    // Step 4: the contact person starts with the user's own name.
    await page.getByRole('heading', { name: 'Kontaktpersonas' }).waitFor();
    expect(await page.getByLabel('Vārds, uzvārds').inputValue()).toBe('Test contactPerson');
    await page.getByLabel('Vārds, uzvārds').fill('Anna Bērziņa');
    await page.getByLabel('E-pasts').fill('anna.berzina@portala-banka.lv');
    await page.getByRole('button', { name: 'Tālāk' }).click();

    await page.getByRole('heading', { name: 'Pārskats un iesniegšana' }).waitFor();
    expect(await page.locator('.request-summary').textContent()).toContain('Kredītiestāžu likuma 45. pants');
    await expectAccessible(page, 'the wizard review');
    await page.getByRole('button', { name: 'Iesniegt pieprasījumu' }).click();

    await page.getByRole('heading', { name: 'Klientu identifikācija' }).waitFor();
    expect(await page.getByTestId('request-status').textContent()).toBe('iesniegts');
    const submitted = await readRequest();
    expect(submitted).toMatchObject({
      status: 'submitted',
      title: 'Klientu identifikācija',
      channels: ['api'],
      environments: ['test', 'production'],
      expectedSystemUsers: 3,
      wantsMonitoring: true,
      createdBy: contactPerson.id,
      contactPersons: [{ name: 'Anna Bērziņa', email: 'anna.berzina@portala-banka.lv' }],
    });
    expect(submitted.scopes).toEqual([
      {
        scope: 'identity',
        legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likuma 11. pants',
        purpose: 'Klienta identificēšana, uzsākot darījuma attiecības',
      },
      {
        scope: 'residence',
        fields: ['residence.declaredAddress'],
        legalBasis: 'Kredītiestāžu likuma 45. pants',
        purpose: 'Paziņojumu sūtīšana uz deklarēto adresi',
      },
    ]);
    expect(submitted.deadline).not.toBeNull();
    // The deadline is shown with the working days left.
    expect(await page.locator('.status-line').textContent()).toMatch(/atlikušas darba dienas: 30/);
    expect(page.url()).toContain(`/organisation/requests/${submitted.id}`);

    // PMLP reviews and asks a question.
    await asReviewer('POST', `/api/v1/admin/requests/${submitted.id}/review`);
    await asReviewer('POST', `/api/v1/admin/requests/${submitted.id}/clarification`, {
      message: 'Lūdzu, precizējiet, kāpēc nepieciešama ražošanas vide jau no sākuma.',
    });
    await page.reload();
    const clarification = page.getByRole('region', { name: 'PMLP lūdz precizēt pieprasījumu' });
    await clarification.waitFor();
    expect(await clarification.textContent()).toContain('kāpēc nepieciešama ražošanas vide');
    await expectAccessible(page, 'the request waiting for a clarification');
    await clarification.getByLabel('Jūsu atbilde').fill('Klientu apkalpošana sākas uzreiz pēc testēšanas.');
    await clarification.getByRole('button', { name: 'Nosūtīt atbildi' }).click();
    await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('izskatīšanā');
    expect((await readRequest()).status).toBe('in_review');
    const answers = await web.db
      .selectFrom('requestMessage')
      .select(['kind', 'body', 'authorUserId'])
      .where('requestId', '=', submitted.id)
      .orderBy('at')
      .execute();
    expect(answers.map((message) => message.kind)).toEqual(['clarificationRequest', 'clarificationAnswer']);
    expect(answers[1]).toEqual({
      kind: 'clarificationAnswer',
      body: 'Klientu apkalpošana sākas uzreiz pēc testēšanas.',
      authorUserId: contactPerson.id,
    });

    // PMLP drafts the contract in two versions.
    const contract = await asReviewer('POST', `/api/v1/admin/requests/${submitted.id}/contract`, {
      text: contractV1,
    });
    const contractId = String(contract.id);
    await asReviewer('POST', `/api/v1/admin/contracts/${contractId}/versions`, { text: contractV2 });
    await page.reload();
    await page.getByRole('link', { name: /Līguma projekts \(versija 2\)/ }).click();
    await page.getByRole('heading', { name: 'Sadarbības līgums: AS Portāla Banka' }).waitFor();

    // The side-by-side view pairs the changed line and shows the added one on the right only.
    const diff = page.getByRole('table', { name: 'Versija 1 blakus versijai 2' });
    await diff.waitFor();
    const changed = diff.locator('tr.diff-changed');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('del').textContent()).toContain('PMLP sniedz datus par personām.');
    expect(await changed.locator('ins').textContent()).toContain(
      'PMLP sniedz identitātes un dzīvesvietas datus.',
    );
    const added = diff.locator('tr.diff-added');
    expect(await added.count()).toBe(1);
    expect(await added.textContent()).toContain('Valsts nodevu maksā no priekšapmaksas.');
    expect(await page.getByText('Pievienotas rindas: 2, dzēstas rindas: 1.').count()).toBe(1);
    await expectAccessible(page, 'the contract with its diff');

    await page
      .getByLabel('Jūsu komentārs par versiju 2')
      .fill('4. punktā lūdzam norādīt arī rēķina termiņu.');
    await page.getByRole('button', { name: 'Pievienot komentāru' }).click();
    // In the list of comments, not the text area: React mirrors a typed value into the area's text.
    await page.locator('ol.messages .message-body', { hasText: '4. punktā lūdzam' }).waitFor();
    const comments = await web.db
      .selectFrom('contractComment')
      .select(['versionNumber', 'body', 'authorUserId'])
      .where('contractId', '=', contractId)
      .execute();
    expect(comments).toEqual([
      {
        versionNumber: 2,
        body: '4. punktā lūdzam norādīt arī rēķina termiņu.',
        authorUserId: contactPerson.id,
      },
    ]);

    await page.getByRole('button', { name: 'Apstiprināt versiju 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apstiprināt līguma tekstu?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(sha256(contractV2));
    await expectAccessible(page, 'the approval dialog');
    await dialog.getByRole('button', { name: 'Apstiprināt versiju 2' }).click();
    await page.getByText('Jūs apstiprinājāt versiju 2; gaidām PMLP apstiprinājumu.').waitFor();
    const approvals = await web.db
      .selectFrom('contractApproval')
      .select(['versionNumber', 'side', 'textHash', 'approvedBy'])
      .where('contractId', '=', contractId)
      .execute();
    expect(approvals).toEqual([
      {
        versionNumber: 2,
        side: 'organisation',
        textHash: sha256(contractV2),
        approvedBy: contactPerson.id,
      },
    ]);
    await saveScreenshot(page, 'organisation-contract');

    // PMLP approves the same text: the contract is agreed.
    await asReviewer('POST', `/api/v1/admin/contracts/${contractId}/approve`, {
      version: 2,
      textHash: sha256(contractV2),
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('contract-status').textContent()).toBe('saskaņots');
    const agreed = await web.db
      .selectFrom('contract')
      .select(['status', 'agreedVersion'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    expect(agreed).toEqual({ status: 'agreed', agreedVersion: 2 });
    await page.context().close();
  });

  it('saves a draft, reopens it in the wizard and keeps it a draft until it is submitted', async () => {
    const draftOrganisation = await createOrganisation(web.db, { name: 'SIA Melnraksts' });
    const author = await createUser(web.db, {
      role: 'contactPerson',
      organisationId: draftOrganisation.id,
    });
    const readDraft = () =>
      web.db
        .selectFrom('serviceRequest')
        .select(['id', 'status', 'title', 'submittedAt'])
        .where('organisationId', '=', draftOrganisation.id)
        .execute();
    const page = await web.newPage();
    await logInToPortal(page, author);
    await page.goto('/organisation/requests/new');
    await page.getByLabel('Pieprasījuma nosaukums').fill('Adrešu pārbaude');
    await page.getByRole('checkbox', { name: 'Dzīvesvieta' }).check();
    await page.getByLabel(/Tiesiskais pamats/).fill('Dzīvesvietas deklarēšanas likuma 10. pants');
    await page.getByLabel('Mērķis').fill('Adreses pārbaude');
    // Enter moves on: the wizard works from the keyboard.
    await page.getByLabel(/Tiesiskais pamats/).press('Enter');
    await page.getByRole('checkbox', { name: /Personu datu pārlūks/ }).check();
    await page.getByRole('checkbox', { name: 'testa vide' }).check();
    await expectAccessible(page, 'the wizard: channels and environments');
    await page.getByRole('button', { name: 'Tālāk' }).click();
    await page.getByRole('heading', { name: 'Lietotāji un monitorings' }).waitFor();
    await expectAccessible(page, 'the wizard: users and monitoring');
    await page.getByRole('button', { name: 'Tālāk' }).click();
    await page.getByLabel('E-pasts').fill('birojs@melnraksts.lv');
    await expectAccessible(page, 'the wizard: contact persons');
    await page.getByRole('button', { name: 'Tālāk' }).click();
    await page.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
    await page.getByRole('heading', { name: 'Adrešu pārbaude' }).waitFor();
    expect(await page.getByTestId('request-status').textContent()).toBe('melnraksts');
    expect(await readDraft()).toEqual([expect.objectContaining({ status: 'draft', submittedAt: null })]);

    await page.getByRole('link', { name: 'Labot melnrakstu' }).click();
    await page.getByRole('heading', { name: 'Pieprasījuma melnraksta labošana' }).waitFor();
    expect(await page.getByLabel('Mērķis').inputValue()).toBe('Adreses pārbaude');
    await page.getByLabel('Pieprasījuma nosaukums').fill('Adrešu pārbaude klientiem');
    for (let step = 0; step < 4; step++) await page.getByRole('button', { name: 'Tālāk' }).click();
    await page.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
    await page.getByRole('heading', { name: 'Adrešu pārbaude klientiem' }).waitFor();
    // The same draft was changed, not a second one created.
    const [draft] = await readDraft();
    expect(await readDraft()).toHaveLength(1);
    expect(draft).toMatchObject({ status: 'draft', title: 'Adrešu pārbaude klientiem' });

    await page.getByRole('button', { name: 'Iesniegt pieprasījumu' }).click();
    await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('iesniegts');
    expect((await readDraft())[0]).toMatchObject({ id: draft?.id, status: 'submitted' });
    await page.getByRole('link', { name: 'Atpakaļ uz pieprasījumiem' }).click();
    await page.getByRole('cell', { name: 'Adrešu pārbaude klientiem' }).waitFor();
    expect(await page.locator('table.requests tbody tr').first().textContent()).toContain('iesniegts');
    await expectAccessible(page, 'the list of requests');
    await page.context().close();
  });

  it('registers a system client whose generated secret is shown once and works at the token endpoint', async () => {
    const page = await web.newPage();
    await logInToPortal(page, otherContactPerson);
    await page.getByRole('link', { name: 'Sistēmu klienti' }).click();
    await page.getByRole('heading', { name: 'Sistēmu klienti', level: 1 }).waitFor();
    await expectAccessible(page, 'the system clients');
    await page.getByLabel('Sistēmas nosaukums').fill('Kredītu sistēma (tests)');
    await page.getByRole('radio', { name: /Ģenerēts noslēpums/ }).check();
    await page.getByRole('button', { name: 'Reģistrēt', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Saglabājiet noslēpumu tagad' });
    await dialog.waitFor();
    await expectAccessible(page, 'the secret shown once');
    await saveScreenshot(page, 'organisation-client-secret');
    const secret = await dialog.getByTestId('client-secret').inputValue();
    const clientId = (await dialog.getByTestId('created-client-id').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const stored = await web.db
      .selectFrom('systemClient')
      .select(['clientId', 'authMethod', 'environment', 'secretHash', 'publicJwk', 'createdBy'])
      .where('organisationId', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      clientId,
      authMethod: 'client_secret_basic',
      environment: 'test',
      publicJwk: null,
      createdBy: otherContactPerson.id,
    });
    // Only a hash is kept, and it is the hash of the secret the page showed.
    expect(stored.secretHash).not.toContain(secret);
    expect(isClientSecretCorrect(stored.secretHash ?? '', secret)).toBe(true);
    const token = await postToken(
      web.baseUrl,
      { grant_type: 'client_credentials' },
      basicHeader(clientId, secret),
    );
    expect(token.status).toBe(200);

    // Closed, the secret is gone from the page and nothing brings it back.
    await dialog.getByRole('button', { name: 'Esmu saglabājis noslēpumu' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.getByRole('cell', { name: 'Kredītu sistēma (tests)' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.context().close();
  });

  it('registers a client with a public key, refusing a private one with the offending member named', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const page = await web.newPage();
    await logInToPortal(page, await createUser(web.db, { role: 'contactPerson', organisationId }));
    await page.getByRole('link', { name: 'Sistēmu klienti' }).click();
    await page.getByLabel('Sistēmas nosaukums').fill('Klientu reģistrs');
    await page.getByLabel('Publiskā atslēga JWK formātā').fill('not json');
    await page.getByRole('button', { name: 'Reģistrēt', exact: true }).click();
    await page.getByText('Tas nav JSON objekts; ielīmējiet publisko JWK.').waitFor();

    await page.getByLabel('Publiskā atslēga JWK formātā').fill(JSON.stringify(privateJwk));
    await page.getByRole('button', { name: 'Reģistrēt', exact: true }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('publicJwk.d');
    const countKeyClients = async () =>
      (
        await web.db
          .selectFrom('systemClient')
          .select('clientId')
          .where('organisationId', '=', organisationId)
          .where('authMethod', '=', 'private_key_jwt')
          .execute()
      ).length;
    expect(await countKeyClients()).toBe(0);

    // The public key comes from a file this time.
    await page.getByLabel(/Publiskās atslēgas fails/).setInputFiles({
      name: 'client.jwk',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(publicJwk)),
    });
    await expect
      .poll(() => page.getByLabel('Publiskā atslēga JWK formātā').inputValue())
      .toBe(JSON.stringify(publicJwk));
    await page.getByRole('button', { name: 'Reģistrēt', exact: true }).click();
    const notice = page.getByText(/^Klients reģistrēts: /);
    await notice.waitFor();
    const clientId = ((await notice.textContent()) ?? '').replace('Klients reģistrēts: ', '');
    // No secret for a key client: no dialog.
    expect(await page.getByRole('dialog').count()).toBe(0);
    const stored = await web.db
      .selectFrom('systemClient')
      .select(['publicJwk', 'secretHash'])
      .where('clientId', '=', clientId)
      .executeTakeFirstOrThrow();
    expect(stored.secretHash).toBeNull();
    expect(stored.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y });
    expect(stored.publicJwk).not.toHaveProperty('d');
    // The organisation's system can now sign its way to a token with the private half.
    const token = await accessTokenFor(web.baseUrl, {
      clientId,
      algorithm: 'ES256',
      privateKey,
      publicJwk,
    });
    expect(token.length).toBeGreaterThan(20);
    await page.context().close();
  });

  it('shows connections, the balance and ledger, and the access log with filters and a CSV export', async () => {
    const { db } = web;
    await topUp(db, organisationId, 5_000);
    const purpose = await createPurpose(db, { organisationId, purpose: 'Kredītspējas vērtēšana' });
    const person = await createPerson(db, { environment: 'production' });
    const testPerson = await createPerson(db, { environment: 'test' });
    await insertAuditEvents(db, [
      auditRecord(purpose, person, { caseReference: '=KREDĪTS-7', occurredAt: new Date() }),
      auditRecord(purpose, testPerson, { occurredAt: new Date() }),
    ]);
    const page = await web.newPage();
    // A third account: the second's code may still be the one in this 30-second window.
    const thirdContactPerson = await createUser(db, { role: 'contactPerson', organisationId });
    await logInToPortal(page, thirdContactPerson);

    await page.getByRole('link', { name: 'Pieslēgumi' }).click();
    await page.getByRole('heading', { name: 'testa vide' }).waitFor();
    expect(await page.locator('article', { hasText: 'testa vide' }).textContent()).toContain('aktīvs');
    expect(await page.locator('article', { hasText: 'ražošanas vide' }).textContent()).toContain(
      'Šajā vidē pieslēguma nav',
    );
    await page.getByRole('cell', { name: /Kredītspējas vērtēšana/ }).waitFor();
    await expectAccessible(page, 'the connections');

    await page.getByRole('link', { name: 'Atlikums' }).click();
    await expect.poll(() => page.getByTestId('org-balance').textContent()).toMatch(/50,00\s€/);
    expect(await page.locator('table.ledger tbody tr').first().textContent()).toContain('TEST-5000');
    await expectAccessible(page, 'the balance and ledger');

    await page.getByRole('link', { name: 'Piekļuves žurnāls' }).click();
    const rows = page.locator('table.access-log tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Vide').selectOption('production');
    await page.getByRole('button', { name: 'Atlasīt' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(person.personalCode);
    expect(page.url()).not.toContain(person.personalCode);
    await expectAccessible(page, 'the access log');
    await saveScreenshot(page, 'organisation-access-log');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Lejupielādēt CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Laiks,Vide,Pieprasītājs,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(person.personalCode);
    // A formula-looking case reference stays text in a spreadsheet.
    expect(lines[1]).toContain(",'=KREDĪTS-7,");
    await page.getByText('CSV failā ierakstīti: 1').waitFor();
    await page.context().close();
  });
});
