import { fastify } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import type { QueryCustomer } from './query-setup';

interface FloorPerson {
  id: string;
  personalCode: string;
  status: string;
  version: number;
  data: { identity: unknown; residence: unknown };
}

/**
 * The floor: the least a handler can do and still be correct — no authentication, no validation,
 * no purpose check — with the three statements sent one by one in one transaction (read, charge,
 * audit). Listens on a free local port; answers the delivered person like the API.
 */
export async function startFloorServer(db: Db, customer: QueryCustomer) {
  const app = fastify({ logger: false });
  const fields = customer.auditedFields;
  app.post<{ Body: { personalCodes: string[] } }>('/query', async (request) => {
    const code = request.body.personalCodes[0] ?? '';
    return db.transaction().execute(async (trx) => {
      const read = await sql<FloorPerson>`
        SELECT id, personal_code, status, version, data FROM person
        WHERE environment = 'production' AND (personal_code = ${code} OR previous_personal_code = ${code})`.execute(
        trx,
      );
      const person = read.rows[0];
      if (!person) return { persons: [] };
      await sql`
        WITH debit AS (
          SELECT debit_balance(${customer.organisationId}::uuid, ${customer.feeCents}::bigint) AS balance_cents)
        INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, request_id, persons, at)
        SELECT ${customer.organisationId}::uuid, 'charge', ${-customer.feeCents}::bigint, balance_cents, ${request.id},
          1, now()
        FROM debit WHERE balance_cents IS NOT NULL`.execute(trx);
      await sql`
        INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id,
          purpose_id, query_type, search_parameters, person_id, personal_code, fields, fee_cents)
        VALUES (${request.id}, now(), ${customer.organisationId}, 'production', 'client', 'floor',
          ${customer.purposeId}, 'byPersonalCode', '{personalCodes}', ${person.id}, ${person.personalCode},
          ${fields}::text[], ${customer.feeCents})`.execute(trx);
      const { identity, residence } = person.data;
      return {
        persons: [
          {
            personalCode: person.personalCode,
            status: person.status,
            version: person.version,
            identity,
            residence,
          },
        ],
      };
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return { url: `http://127.0.0.1:${address.port}/query`, close: () => app.close() };
}
