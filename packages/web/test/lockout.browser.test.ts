import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../server/src/modules/identity/totp';
import { createOrganisation, createUser, type TestUser } from '../../server/test/access-fixtures';
import { expectAccessible, saveScreenshot, setUpBrowserTest } from './browser-fixtures';

let pdpUser: TestUser;
let contactPerson: TestUser;

const web = setUpBrowserTest(async (db) => {
  const organisation = await createOrganisation(db, { name: 'SIA Aizmāršīgie' });
  pdpUser = await createUser(db, {
    role: 'pdpUser',
    organisationId: organisation.id,
    environment: 'production',
  });
  contactPerson = await createUser(db, { role: 'contactPerson', organisationId: organisation.id });
});

async function attemptLogIn(page: Page, user: TestUser, password: string): Promise<void> {
  await page.getByLabel('Lietotājvārds').fill(user.username);
  await page.getByLabel('Parole').fill(password);
  await page.getByLabel('Autentifikatora kods').fill(totpCodeAt(user.totpSecret, new Date()));
  await page.getByRole('button', { name: 'Pieteikties' }).click();
}

async function accountOf(user: TestUser) {
  return web.db
    .selectFrom('appUser')
    .select(['lockedAt', 'failedLoginCount'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
}

async function accountEventsOf(user: TestUser) {
  return web.db
    .selectFrom('accountEvent')
    .select(['action', 'actorUserId', 'reason'])
    .where('userId', '=', user.id)
    .orderBy('id')
    .execute();
}

describe('lock-out and unblocking', () => {
  it('locks the account after five wrong passwords, and the contact person unblocks it', async () => {
    const pdpPage = await web.newPage();
    await pdpPage.goto('/login');
    const wrong = pdpPage.getByText('Lietotājvārds, parole vai kods nav pareizs.');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await attemptLogIn(pdpPage, pdpUser, `wrong-password-${attempt}`);
      await expect.poll(async () => (await accountOf(pdpUser)).failedLoginCount).toBe(attempt);
      await wrong.waitFor();
    }
    expect((await accountOf(pdpUser)).lockedAt).not.toBeNull();
    // Locked: even the right password is refused, with a message that says what to do.
    await attemptLogIn(pdpPage, pdpUser, pdpUser.password);
    await pdpPage.getByText('Konts ir bloķēts').waitFor();
    await expectAccessible(pdpPage, 'the log-in page with a locked account');
    await saveScreenshot(pdpPage, 'login-locked');

    const contactPage = await web.newPage();
    await contactPage.goto('/login');
    await attemptLogIn(contactPage, contactPerson, contactPerson.password);
    await contactPage.waitForURL('**/organisation/users');
    const row = contactPage.getByRole('row').filter({ hasText: pdpUser.username });
    await row.getByText('bloķēts').waitFor();
    await expectAccessible(contactPage, 'the organisation users');
    await row
      .getByLabel(`Iemesls lietotāja ${pdpUser.username} atbloķēšanai`)
      .fill('Forgot the password; identity checked by phone');
    await row.getByLabel(`Iemesls lietotāja ${pdpUser.username} atbloķēšanai`).press('Enter');
    await row.getByText('aktīvs').waitFor();
    await saveScreenshot(contactPage, 'organisation-users-unblocked');

    expect((await accountOf(pdpUser)).lockedAt).toBeNull();
    const events = await accountEventsOf(pdpUser);
    expect(events.at(-1)).toEqual({
      action: 'unblocked',
      actorUserId: contactPerson.id,
      reason: 'Forgot the password; identity checked by phone',
    });
    expect(events.map((event) => event.action)).toContain('locked');

    await attemptLogIn(pdpPage, pdpUser, pdpUser.password);
    await pdpPage.waitForURL('**/pdp');
    await pdpPage.getByRole('heading', { name: 'Personu datu pārlūks' }).waitFor();
    await pdpPage.context().close();
    await contactPage.context().close();
  });
});
