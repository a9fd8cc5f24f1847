import type { PurposeInput } from '@fpr/contract';
import type { Db } from '../src/db/database';
import {
  createOrganisation,
  createUser,
  type TestOrganisation,
  type TestUser,
  userWithSession,
} from './access-fixtures';

export interface RequestedScopeFixture {
  scope: string;
  fields?: string[];
  legalBasis: string;
  purpose: string;
}

export interface RequestFixtureOptions {
  organisationId: string;
  /** The contact person who wrote it; one is created when absent. */
  createdBy?: string;
  status?: string;
  scopes?: RequestedScopeFixture[];
  channels?: string[];
  environments?: string[];
  wantsMonitoring?: boolean;
}

export const defaultRequestedScopes: RequestedScopeFixture[] = [
  { scope: 'identity', legalBasis: 'Law on X, § 5', purpose: 'Identifying clients' },
  {
    scope: 'residence',
    fields: ['residence.declaredAddress'],
    legalBasis: 'Law on X, § 6',
    purpose: 'Sending letters',
  },
];

/**
 * A service request inserted directly, as the requests module would leave it (by default reviewed and
 * waiting for a contract), so contract tests need not walk submission and review.
 */
export async function createServiceRequest(db: Db, options: RequestFixtureOptions): Promise<{ id: string }> {
  const createdBy =
    options.createdBy ??
    (await createUser(db, { role: 'contactPerson', organisationId: options.organisationId })).id;
  return db
    .insertInto('serviceRequest')
    .values({
      organisationId: options.organisationId,
      status: options.status ?? 'in_review',
      title: 'Access for client identification',
      scopes: JSON.stringify(options.scopes ?? defaultRequestedScopes),
      channels: options.channels ?? ['api', 'pdp'],
      environments: options.environments ?? ['test', 'production'],
      expectedSystemUsers: 2,
      wantsMonitoring: options.wantsMonitoring ?? true,
      contactPersons: JSON.stringify([{ name: 'Anna Bērziņa', email: 'anna@example.lv' }]),
      submittedAt: new Date('2026-03-02T08:00:00Z'),
      deadline: '2026-04-15',
      createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** An organisation with its contact person (logged in) and a reviewed request. */
export async function organisationWithRequest(
  db: Db,
  options: Omit<RequestFixtureOptions, 'organisationId' | 'createdBy'> & { now?: Date } = {},
): Promise<{
  organisation: TestOrganisation;
  contact: TestUser & { session: Awaited<ReturnType<typeof userWithSession>>['session'] };
  request: { id: string };
}> {
  const organisation = await createOrganisation(db);
  const contact = await userWithSession(db, {
    role: 'contactPerson',
    organisationId: organisation.id,
    now: options.now,
  });
  const request = await createServiceRequest(db, {
    ...options,
    organisationId: organisation.id,
    createdBy: contact.id,
  });
  return { organisation, contact, request };
}

/** A purpose within `defaultRequestedScopes`. */
export function purposeInput(overrides: Partial<PurposeInput> = {}): PurposeInput {
  return {
    legalBasis: 'Law on X, § 5',
    purpose: 'Identifying clients',
    scopes: ['identity'],
    fields: ['residence.declaredAddress'],
    channels: ['api'],
    environments: ['test', 'production'],
    monitoring: true,
    validFrom: '2026-01-01',
    ...overrides,
  };
}
