import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertSeededPerson, registerContext, registerPerson } from '../../../test/register-fixtures';
import { findPersonsByCodes } from './register.repository';
import { recordLifeEvent } from './register.service';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

it('reads the named persons by current or previous code, in id order, in their environment only', async () => {
  const ctx = registerContext(testDb.db);
  const first = await registerPerson(ctx);
  const oldCode = await insertSeededPerson(testDb.db, {
    personalCode: '150775-11784',
    sex: 'M',
    birthDate: '1975-07-15',
  });
  const [changed] = await recordLifeEvent(ctx, {
    type: 'personalCodeChanged',
    environment: 'test',
    personalCode: oldCode,
  });
  const elsewhere = await registerPerson(ctx, { environment: 'production' });
  const ids = await sql<{ id: string; personalCode: string }>`
    SELECT id::text, personal_code FROM person WHERE personal_code = ANY(${[first, changed?.personalCode ?? '']}::text[])
    ORDER BY id`.execute(testDb.db);

  const found = await findPersonsByCodes(testDb.db, 'test', [oldCode, first, elsewhere, '010101-10000']);

  expect(found.map((person) => String(person.id))).toEqual(ids.rows.map((row) => row.id));
  expect(found.map((person) => person.data.identity.personalCode)).toEqual(
    ids.rows.map((row) => row.personalCode),
  );
  expect(await findPersonsByCodes(testDb.db, 'production', [elsewhere])).toHaveLength(1);
});

it('plans the read once per connection: its function forces the generic plan', async () => {
  const result = await sql<{ config: string[] | null }>`
    SELECT proconfig AS config FROM pg_proc WHERE proname = 'find_persons_by_codes'`.execute(testDb.db);
  expect(result.rows).toEqual([{ config: ['plan_cache_mode=force_generic_plan'] }]);
});
