import type { Environment } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { sealCommittedEvents } from '../src/modules/register/change-feed.repository';
import { createOrganisation, type TestOrganisation } from './access-fixtures';
import { clientToken, createQueryPurpose, type PurposeOptions } from './persons-fixtures';

/** A purpose of an active contract that includes monitoring (or not, when asked). */
export async function createMonitoringPurpose(
  db: Db,
  organisationId: string,
  options: PurposeOptions & { isMonitoring?: boolean } = {},
): Promise<string> {
  const purposeId = await createQueryPurpose(db, organisationId, options);
  await db
    .updateTable('purpose')
    .set({ isMonitoring: options.isMonitoring ?? true })
    .where('id', '=', purposeId)
    .execute();
  return purposeId;
}

export interface MonitoringClient {
  organisation: TestOrganisation;
  purposeId: string;
  token: string;
  /** Calls the API as this client: `call('GET', '/changes?after=0')`. */
  call: (method: string, path: string, body?: unknown) => Promise<Response>;
}

/** An organisation with a monitoring purpose and a system client of one environment. */
export async function monitoringClient(
  db: Db,
  baseUrl: string,
  environment: Environment,
  purpose: PurposeOptions = {},
): Promise<MonitoringClient> {
  const organisation = await createOrganisation(db);
  const purposeId = await createMonitoringPurpose(db, organisation.id, purpose);
  const token = await clientToken(db, baseUrl, organisation.id, environment);
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v1/monitoring${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { organisation, purposeId, token, call };
}

/** Seals every committed change event, as the background sealer would shortly after a commit. */
export async function sealFeed(db: Db): Promise<void> {
  while ((await sealCommittedEvents(db, 10_000)) === 10_000) {
    // A full batch means more may be waiting.
  }
}
