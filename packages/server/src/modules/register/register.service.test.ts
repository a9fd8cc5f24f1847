import type { PersonRecord } from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertSeededPerson, registerContext, registerPerson } from '../../../test/register-fixtures';
import type { ProblemError } from '../../http/problem';
import { type RegisterContext, recordLifeEvent } from './register.service';
import { findHistory, findPerson } from './register-read.repository';
import { readPersonHistory } from './register-read.service';

let testDb: TestDatabase;
let ctx: RegisterContext;
beforeAll(async () => {
  testDb = await createTestDatabase();
  ctx = registerContext(testDb.db);
});
afterAll(async () => testDb.drop());

async function recordOf(code: string): Promise<PersonRecord> {
  const person = await findPerson(testDb.db, 'test', code);
  if (!person) throw new Error(`no person ${code}`);
  return person.data;
}

async function countRows() {
  const result = await sql<{ events: string; versions: string }>`
    SELECT (SELECT count(*) FROM change_event)::text AS events, (SELECT count(*) FROM person_version)::text AS versions`.execute(
    testDb.db,
  );
  return result.rows[0];
}

/** Runs a refused event and proves it changed nothing. */
async function expectRefused(event: Parameters<typeof recordLifeEvent>[1], code: string) {
  const before = await countRows();
  const error = (await recordLifeEvent(ctx, event).catch((e: unknown) => e)) as ProblemError;
  expect(error.code).toBe(code);
  expect(await countRows()).toEqual(before);
  return error;
}

describe('registration', () => {
  it('creates version 1 with a change event naming every scope', async () => {
    const code = await registerPerson(ctx, { givenNames: 'Jānis', surname: 'Bērziņš', sex: 'M' });
    expect(code).toMatch(/^32\d{4}-\d{5}$/);
    const history = await readPersonHistory({ db: testDb.db }, { environment: 'test', personalCode: code });
    expect(history.currentVersion).toBe(1);
    expect(history.versions).toHaveLength(1);
    expect(history.events).toMatchObject([{ type: 'registered', version: 1, effectiveDate: '2020-01-10' }]);
    expect(history.events[0]?.changedScopes).toContain('identity');
    expect(history.versions[0]?.changeEventId).toBe(history.events[0]?.changeEventId);
    const superseded = await findHistory(testDb.db, (await findPerson(testDb.db, 'test', code))?.id ?? '');
    expect(superseded.versions).toEqual([]);
  });
});

describe('names', () => {
  it('stores names in Unicode NFC with single spaces, however they were typed', async () => {
    const code = await registerPerson(ctx, {
      givenNames: 'Ja\u0304nis  Pe\u0304teris',
      surname: 'Be\u0304rzin\u0327s\u030c',
    });
    const identity = (await recordOf(code)).identity;
    expect(identity.givenNames).toBe('Jānis Pēteris');
    expect(identity.surname).toBe('Bērziņš'.normalize('NFC'));
    expect(identity.surname).toBe(identity.surname.normalize('NFC'));
  });
});

describe('marriage and divorce', () => {
  it('marries both spouses to each other and renames the one taking the surname', async () => {
    const husband = await registerPerson(ctx, { givenNames: 'Andris', surname: 'Kalniņš', sex: 'M' });
    const wife = await registerPerson(ctx, { givenNames: 'Ilze', surname: 'Ozola', sex: 'F' });
    const changes = await recordLifeEvent(ctx, {
      type: 'married',
      environment: 'test',
      personalCode: husband,
      spousePersonalCode: wife,
      spouseSurname: 'Kalniņa',
      effectiveDate: '2024-06-01',
    });
    expect(changes.map((c) => [c.type, c.changedScopes])).toEqual([
      ['married', ['civilStatus']],
      ['married', ['identity', 'names', 'civilStatus']],
    ]);
    const [h, w] = [await recordOf(husband), await recordOf(wife)];
    expect(h.civilStatus).toEqual({
      maritalStatus: 'married',
      since: '2024-06-01',
      spouse: { personalCode: wife, givenNames: 'Ilze', surname: 'Kalniņa' },
    });
    expect(w.civilStatus.spouse?.personalCode).toBe(husband);
    expect(w.names.nameHistory).toEqual([
      {
        givenNames: 'Ilze',
        surname: 'Ozola',
        validFrom: '1990-05-17',
        validTo: '2024-06-01',
        reason: 'marriage',
      },
    ]);
  });

  it('refuses to marry a married person and changes nothing', async () => {
    const a = await registerPerson(ctx, { sex: 'M' });
    const b = await registerPerson(ctx);
    const c = await registerPerson(ctx);
    await recordLifeEvent(ctx, {
      type: 'married',
      environment: 'test',
      personalCode: a,
      spousePersonalCode: b,
    });
    await expectRefused(
      { type: 'married', environment: 'test', personalCode: c, spousePersonalCode: a },
      'conflict',
    );
  });

  it('divorces both spouses', async () => {
    const a = await registerPerson(ctx, { sex: 'M' });
    const b = await registerPerson(ctx);
    await recordLifeEvent(ctx, {
      type: 'married',
      environment: 'test',
      personalCode: a,
      spousePersonalCode: b,
    });
    const changes = await recordLifeEvent(ctx, { type: 'divorced', environment: 'test', personalCode: b });
    expect(changes.map((c) => c.personalCode).sort()).toEqual([a, b].sort());
    for (const code of [a, b]) {
      expect((await recordOf(code)).civilStatus).toEqual({
        maritalStatus: 'divorced',
        since: '2026-11-27',
        spouse: null,
      });
    }
    await expectRefused({ type: 'divorced', environment: 'test', personalCode: a }, 'conflict');
  });
});

describe('birth and children', () => {
  it('adds a newborn to both parents', async () => {
    const mother = await registerPerson(ctx, { sex: 'F', birthDate: '1992-03-03' });
    const father = await registerPerson(ctx, { sex: 'M', givenNames: 'Juris', birthDate: '1990-01-01' });
    const changes = await recordLifeEvent(ctx, {
      type: 'born',
      environment: 'test',
      givenNames: 'Laura',
      surname: 'Liepiņa',
      sex: 'F',
      motherPersonalCode: mother,
      fatherPersonalCode: father,
      effectiveDate: '2026-10-01',
    });
    expect(changes.map((c) => c.type)).toEqual(['born', 'childAdded', 'childAdded']);
    const child = await recordOf(changes[0]?.personalCode ?? '');
    expect(child.identity).toMatchObject({ birthDate: '2026-10-01', status: 'active', surname: 'Liepiņa' });
    expect(child.relatives.parents.map((p) => [p.personalCode, p.relation])).toEqual([
      [mother, 'mother'],
      [father, 'father'],
    ]);
    expect(child.residence.declaredAddress?.since).toBe('2026-10-01');
    expect(child.citizenship.legalStatus).toBe('citizen');
    for (const parent of [mother, father]) {
      expect((await recordOf(parent)).relatives.children.map((c) => c.personalCode)).toEqual([
        child.identity.personalCode,
      ]);
    }
  });

  it('refuses a child older than its parent', async () => {
    const young = await registerPerson(ctx, { sex: 'F', birthDate: '2015-01-01' });
    const old = await registerPerson(ctx, { birthDate: '1980-01-01' });
    await expectRefused(
      { type: 'childAdded', environment: 'test', personalCode: young, childPersonalCode: old },
      'conflict',
    );
    await expectRefused(
      {
        type: 'born',
        environment: 'test',
        givenNames: 'X',
        surname: 'Y',
        sex: 'M',
        motherPersonalCode: young,
      },
      'conflict',
    );
  });
});

describe('death', () => {
  it('makes the person deceased and widows the spouse', async () => {
    const a = await registerPerson(ctx, { sex: 'M', birthDate: '1950-02-02' });
    const b = await registerPerson(ctx, { birthDate: '1952-02-02' });
    await recordLifeEvent(ctx, {
      type: 'married',
      environment: 'test',
      personalCode: a,
      spousePersonalCode: b,
      effectiveDate: '1975-05-05',
    });
    const changes = await recordLifeEvent(ctx, {
      type: 'died',
      environment: 'test',
      personalCode: a,
      effectiveDate: '2026-11-20',
    });
    expect(changes.map((c) => [c.type, c.changedScopes])).toEqual([
      ['died', ['identity', 'death']],
      ['widowed', ['civilStatus']],
    ]);
    expect((await recordOf(a)).identity.status).toBe('deceased');
    expect((await recordOf(b)).civilStatus).toMatchObject({ maritalStatus: 'widowed', since: '2026-11-20' });
    await expectRefused({ type: 'died', environment: 'test', personalCode: a }, 'conflict');
    await expectRefused(
      {
        type: 'addressDeclared',
        environment: 'test',
        personalCode: a,
        address: { addressCode: '100000009', text: 'x', postcode: 'LV-1000', atvk: '0001000' },
      },
      'conflict',
    );
  });

  it('refuses a death before the birth', async () => {
    const a = await registerPerson(ctx, { birthDate: '2000-01-01' });
    await expectRefused(
      { type: 'died', environment: 'test', personalCode: a, effectiveDate: '1999-12-31' },
      'conflict',
    );
  });
});

describe('personal code change', () => {
  it('keeps the old code findable and refreshes the references of relatives', async () => {
    const oldCode = await insertSeededPerson(testDb.db, {
      personalCode: '150775-11784',
      sex: 'M',
      birthDate: '1975-07-15',
    });
    const spouse = await registerPerson(ctx);
    await recordLifeEvent(ctx, {
      type: 'married',
      environment: 'test',
      personalCode: oldCode,
      spousePersonalCode: spouse,
    });
    const changes = await recordLifeEvent(ctx, {
      type: 'personalCodeChanged',
      environment: 'test',
      personalCode: '150775-11784',
    });
    expect(changes.map((c) => [c.type, c.changedScopes])).toEqual([
      ['personalCodeChanged', ['identity']],
      ['personalCodeChanged', ['civilStatus']],
    ]);
    const newCode = changes[0]?.personalCode ?? '';
    expect(newCode).toMatch(/^32/);
    expect(changes[0]?.previousPersonalCode).toBe(oldCode);
    const found = await recordOf(oldCode);
    expect(found.identity).toMatchObject({ personalCode: newCode, previousPersonalCodes: [oldCode] });
    expect((await recordOf(spouse)).civilStatus.spouse?.personalCode).toBe(newCode);
    await expectRefused(
      { type: 'personalCodeChanged', environment: 'test', personalCode: newCode },
      'conflict',
    );
  });

  it('refuses to change a new-format code', async () => {
    const code = await registerPerson(ctx);
    await expectRefused({ type: 'personalCodeChanged', environment: 'test', personalCode: code }, 'conflict');
  });
});

describe('names, addresses, documents, citizenship, guardianship', () => {
  it('renames a person, keeps the old name and refreshes their children', async () => {
    const mother = await registerPerson(ctx, {
      givenNames: 'Linda',
      surname: 'Balode',
      birthDate: '1980-01-01',
    });
    const child = await insertSeededPerson(testDb.db, {
      personalCode: '311299-13153',
      sex: 'M',
      birthDate: '1999-12-31',
    });
    await recordLifeEvent(ctx, {
      type: 'childAdded',
      environment: 'test',
      personalCode: mother,
      childPersonalCode: child,
    });
    const changes = await recordLifeEvent(ctx, {
      type: 'nameChanged',
      environment: 'test',
      personalCode: mother,
      surname: 'Ozola',
      reason: 'application',
    });
    expect(changes.map((c) => [c.personalCode, c.changedScopes])).toEqual([
      [mother, ['identity', 'names']],
      [child, ['relatives']],
    ]);
    expect((await recordOf(child)).relatives.parents[0]).toMatchObject({
      surname: 'Ozola',
      relation: 'mother',
    });
    expect((await recordOf(mother)).names.nameHistory.at(-1)).toMatchObject({
      surname: 'Balode',
      reason: 'application',
    });
  });

  it('moves the declared address into the residence history', async () => {
    const code = await registerPerson(ctx);
    const address = {
      addressCode: '100000777',
      text: 'Skolas iela 5, Sigulda, Siguldas nov., LV-2150',
      postcode: 'LV-2150',
      atvk: '0052000',
    };
    const [change] = await recordLifeEvent(ctx, {
      type: 'addressDeclared',
      environment: 'test',
      personalCode: code,
      address,
      effectiveDate: '2025-03-01',
    });
    expect(change?.changedScopes).toEqual(['residence', 'residenceHistory']);
    const record = await recordOf(code);
    expect(record.residence.declaredAddress).toEqual({ ...address, since: '2025-03-01' });
    expect(record.residenceHistory.previousAddresses).toEqual([
      expect.objectContaining({ addressCode: '100000001', validFrom: '2020-01-10', validTo: '2025-03-01' }),
    ]);
    await expectRefused(
      { type: 'addressDeclared', environment: 'test', personalCode: code, address },
      'conflict',
    );
  });

  it('issues a document and changes its status once', async () => {
    const code = await registerPerson(ctx);
    const document = {
      type: 'passport' as const,
      number: 'LV1234567',
      validUntil: '2031-01-01',
      issuer: 'PMLP',
    };
    await recordLifeEvent(ctx, { type: 'documentIssued', environment: 'test', personalCode: code, document });
    await expectRefused(
      { type: 'documentIssued', environment: 'test', personalCode: code, document },
      'conflict',
    );
    await recordLifeEvent(ctx, {
      type: 'documentStatusChanged',
      environment: 'test',
      personalCode: code,
      documentNumber: 'LV1234567',
      status: 'lost',
    });
    expect((await recordOf(code)).documents.documents).toEqual([
      { ...document, issuedOn: '2026-11-27', status: 'lost', statusSince: '2026-11-27' },
    ]);
    await expectRefused(
      {
        type: 'documentStatusChanged',
        environment: 'test',
        personalCode: code,
        documentNumber: 'LV1234567',
        status: 'stolen',
      },
      'conflict',
    );
  });

  it('checks citizenship against the legal status', async () => {
    const code = await registerPerson(ctx, { citizenship: 'UKR', legalStatus: 'foreigner' });
    await expectRefused(
      {
        type: 'citizenshipChanged',
        environment: 'test',
        personalCode: code,
        citizenship: 'UKR',
        legalStatus: 'citizen',
      },
      'conflict',
    );
    await recordLifeEvent(ctx, {
      type: 'citizenshipChanged',
      environment: 'test',
      personalCode: code,
      citizenship: 'LVA',
      legalStatus: 'citizen',
    });
    expect((await recordOf(code)).citizenship).toEqual({
      citizenship: 'LVA',
      legalStatus: 'citizen',
      since: '2026-11-27',
    });
  });

  it('appoints adult living guardians only', async () => {
    const ward = await registerPerson(ctx);
    const guardian = await registerPerson(ctx, { birthDate: '1970-01-01' });
    const minor = await registerPerson(ctx, { birthDate: '2015-01-01' });
    await expectRefused(
      {
        type: 'guardianshipChanged',
        environment: 'test',
        personalCode: ward,
        legalCapacityRestricted: true,
        guardianPersonalCodes: [minor],
      },
      'conflict',
    );
    await recordLifeEvent(ctx, {
      type: 'guardianshipChanged',
      environment: 'test',
      personalCode: ward,
      legalCapacityRestricted: true,
      guardianPersonalCodes: [guardian],
    });
    expect((await recordOf(ward)).guardianship).toMatchObject({
      legalCapacityRestricted: true,
      guardians: [{ personalCode: guardian, since: '2026-11-27' }],
    });
  });

  it('lists every invalid field of a correction', async () => {
    const code = await registerPerson(ctx);
    const error = await expectRefused(
      {
        type: 'correction',
        environment: 'test',
        personalCode: code,
        scope: 'birth',
        value: { birthDate: 'soon', birthCountry: 'latvia' },
        reason: 'typo',
      },
      'paramsValidation',
    );
    const names = error.details.invalidParams?.map((p) => p.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['value.birthDate', 'value.birthCountry']));
  });
});

describe('concurrent writers', () => {
  it('lets only one of two simultaneous marriages of the same person happen', async () => {
    for (let round = 0; round < 5; round++) {
      const groom = await registerPerson(ctx, { sex: 'M' });
      const brides = [await registerPerson(ctx), await registerPerson(ctx)];
      const outcomes = await Promise.allSettled(
        brides.map((bride) =>
          recordLifeEvent(ctx, {
            type: 'married',
            environment: 'test',
            personalCode: groom,
            spousePersonalCode: bride,
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason.code).toBe('conflict');
      const spouse = (await recordOf(groom)).civilStatus.spouse?.personalCode;
      const statuses = await Promise.all(
        brides.map(async (b) => (await recordOf(b)).civilStatus.maritalStatus),
      );
      expect([...statuses].sort()).toEqual(['married', 'single']);
      expect(brides[statuses.indexOf('married')]).toBe(spouse);
    }
  });
});

describe('refusals', () => {
  it('answers notFound for an unknown person and refuses a future date', async () => {
    await expectRefused({ type: 'died', environment: 'test', personalCode: '010190-10415' }, 'notFound');
    const code = await registerPerson(ctx);
    await expectRefused(
      { type: 'died', environment: 'test', personalCode: code, effectiveDate: '2027-01-01' },
      'paramsValidation',
    );
  });

  it('counts the days in Rīga: at 22:30 UTC on 27 November, 28 November is today there', async () => {
    const lateEvening = registerContext(testDb.db, { now: () => new Date('2026-11-27T22:30:00Z') });
    const code = await registerPerson(lateEvening);
    await expectRefused(
      { type: 'died', environment: 'test', personalCode: code, effectiveDate: '2026-11-29' },
      'paramsValidation',
    );
    const [death] = await recordLifeEvent(lateEvening, {
      type: 'died',
      environment: 'test',
      personalCode: code,
      effectiveDate: '2026-11-28',
    });
    expect(death?.effectiveDate).toBe('2026-11-28');
    // Without a date, the event takes effect on the day it is in Rīga.
    const other = await registerPerson(lateEvening);
    const [undated] = await recordLifeEvent(lateEvening, {
      type: 'died',
      environment: 'test',
      personalCode: other,
    });
    expect(undated?.effectiveDate).toBe('2026-11-28');
  });

  it('keeps environments apart', async () => {
    const code = await registerPerson(ctx);
    await expectRefused({ type: 'died', environment: 'production', personalCode: code }, 'notFound');
  });

  it('never rewrites history: a stored version cannot be altered', async () => {
    const code = await registerPerson(ctx);
    await recordLifeEvent(ctx, {
      type: 'nameChanged',
      environment: 'test',
      personalCode: code,
      givenNames: 'Aija',
      reason: 'application',
    });
    await expect(
      sql`UPDATE person_version SET personal_code = '010190-10415'`.execute(testDb.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM change_event`.execute(testDb.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE change_event SET type = 'died'`.execute(testDb.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('lets only a missing feed position be set on a change event, and guards every other column', async () => {
    const [change] = await recordLifeEvent(ctx, {
      type: 'died',
      environment: 'test',
      personalCode: await registerPerson(ctx),
    });
    const id = change?.changeEventId ?? '';
    const columns = await sql<{ name: string; type: string }>`
      SELECT column_name AS name, CASE WHEN is_identity = 'YES' THEN 'identity' ELSE udt_name END AS type
      FROM information_schema.columns
      WHERE table_name = 'change_event' AND column_name <> 'sequence'`.execute(testDb.db);
    expect(columns.rows.length).toBeGreaterThan(10);
    for (const { name, type } of columns.rows) {
      const changed = sql.raw(changedValue(name, type));
      await expect(
        sql`UPDATE change_event SET sequence = 999999, ${sql.id(name)} = ${changed} WHERE id = ${id}`.execute(
          testDb.db,
        ),
        name,
      ).rejects.toThrow(/append-only/);
    }
    await sql`UPDATE change_event SET sequence = 999999 WHERE id = ${id}`.execute(testDb.db);
    await expect(
      sql`UPDATE change_event SET sequence = 1000000 WHERE id = ${id}`.execute(testDb.db),
    ).rejects.toThrow(/append-only/);
  });
});

/** An expression giving a column of the given type another value (a type missing here fails the test). */
function changedValue(column: string, type: string): string {
  const quoted = `"${column}"`;
  const byType: Record<string, string> = {
    // An identity column can only be given its next value.
    identity: 'DEFAULT',
    int8: `${quoted} + 1`,
    int4: `${quoted} + 1`,
    text: `coalesce(${quoted}, '') || 'x'`,
    date: `${quoted} - 1`,
    timestamptz: `${quoted} - interval '1 day'`,
    jsonb: `${quoted} || '{"x": 1}'`,
    _text: `${quoted} || 'x'::text`,
  };
  const expression = byType[type];
  if (!expression) throw new Error(`no changed value for ${column} of type ${type}`);
  return expression;
}
