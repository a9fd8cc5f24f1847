import type { Environment } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { findConnectionOf } from '../src/modules/connections/connections.repository';
import { generateClientId } from '../src/modules/tokens/client-secret';
import { createUser } from './access-fixtures';
import { createPerson, createPurpose } from './audit-fixtures';

/** The organisation's connection of an environment, created (with its `created` history entry at `at`) when missing. */
export async function connectionOf(
  db: Db,
  organisationId: string,
  environment: Environment,
  at = new Date('2020-01-01T00:00:00Z'),
): Promise<string> {
  const existing = await findConnectionOf(db, organisationId, environment);
  if (existing) return existing.id;
  const row = await db
    .insertInto('connection')
    .values({
      organisationId,
      environment,
      status: 'active',
      ipAllowList: [],
      rateLimitPerMinute: 600,
      createdAt: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('connectionEvent')
    .values({
      connectionId: row.id,
      action: 'created',
      fromStatus: null,
      toStatus: 'active',
      actorUserId: null,
      at,
    })
    .execute();
  return row.id;
}

/** A system client that existed from `createdAt` (until `revokedAt`). */
export async function systemClientAt(
  db: Db,
  options: { organisationId: string; environment: Environment; createdAt: Date; revokedAt?: Date },
): Promise<void> {
  const connectionId = await connectionOf(db, options.organisationId, options.environment);
  await db
    .insertInto('systemClient')
    .values({
      clientId: generateClientId(),
      organisationId: options.organisationId,
      connectionId,
      environment: options.environment,
      name: 'Billing test client',
      authMethod: 'client_secret_basic',
      secretHash: 'not-a-real-hash',
      createdAt: options.createdAt,
      revokedAt: options.revokedAt ?? null,
    })
    .execute();
}

/** A PDP user created at `createdAt` (and deactivated at `deactivatedAt`), with its history. */
export async function pdpUserAt(
  db: Db,
  options: { organisationId: string; environment: Environment; createdAt: Date; deactivatedAt?: Date },
): Promise<void> {
  const user = await createUser(db, {
    role: 'pdpUser',
    organisationId: options.organisationId,
    environment: options.environment,
    password: 'not-used-in-billing',
  });
  await db.updateTable('appUser').set({ createdAt: options.createdAt }).where('id', '=', user.id).execute();
  await db
    .insertInto('accountEvent')
    .values({ userId: user.id, action: 'created', at: options.createdAt })
    .execute();
  if (options.deactivatedAt) {
    await db.updateTable('appUser').set({ isActive: false }).where('id', '=', user.id).execute();
    await db
      .insertInto('accountEvent')
      .values({ userId: user.id, action: 'deactivated', at: options.deactivatedAt })
      .execute();
  }
}

/** A change of the organisation's fee exemption, as the organisations module records it. */
export async function exemptionChangedAt(
  db: Db,
  organisationId: string,
  action: 'feeExemptionGranted' | 'feeExemptionEnded',
  at: Date,
): Promise<void> {
  const isFeeExempt = action === 'feeExemptionGranted';
  await db
    .updateTable('organisation')
    .set({ isFeeExempt, feeExemptionReason: isFeeExempt ? 'Public institution' : null })
    .where('id', '=', organisationId)
    .execute();
  await db.insertInto('organisationEvent').values({ organisationId, action, reason: 'test', at }).execute();
}

/**
 * `count` fresh production persons monitored by the organisation from `subscribedAt`; the periods
 * end as told. Returns the person ids, for further periods of the same persons.
 */
export async function monitorPersons(
  db: Db,
  options: {
    organisationId: string;
    count: number;
    subscribedAt: Date;
    environment?: Environment;
    endDate?: string;
    endedAt?: Date;
    personIds?: string[];
  },
): Promise<string[]> {
  const environment = options.environment ?? 'production';
  const purpose = await createPurpose(db, { organisationId: options.organisationId });
  const personIds =
    options.personIds ??
    (await Promise.all(
      Array.from({ length: options.count }, async () => (await createPerson(db, { environment })).id),
    ));
  if (personIds.length === 0) return [];
  await db
    .insertInto('monitoringSubscription')
    .values(
      personIds.map((personId) => ({
        organisationId: options.organisationId,
        environment,
        purposeId: purpose.id,
        personId,
        subscribedAt: options.subscribedAt,
        endDate: options.endDate ?? null,
        endedAt: options.endedAt ?? null,
      })),
    )
    .execute();
  return personIds;
}
