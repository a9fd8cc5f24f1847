import { normalisePersonalCode, type PersonHistoryResponse, type PersonLookupRequest } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { toPersonHistory } from './register.mapper';
import { findHistory, findPerson, findVersion } from './register-read.repository';

/** A person's full record (current or a past version) with every version and change event, for PMLP. */
export async function readPersonHistory(
  ctx: { db: Db },
  request: PersonLookupRequest,
): Promise<PersonHistoryResponse> {
  const code = normalisePersonalCode(request.personalCode);
  const person = code ? await findPerson(ctx.db, request.environment, code) : undefined;
  if (!person)
    throw problem('notFound', { detail: 'No person with this personal code in this environment.' });
  const history = await findHistory(ctx.db, person.id);
  const current = {
    version: person.version,
    personalCode: person.personalCode,
    recordedAt: person.updatedAt,
    changeEventId: person.changeEventId,
  };
  const wanted = request.version ?? person.version;
  const version =
    wanted === person.version ? { data: person.data } : await findVersion(ctx.db, person.id, wanted);
  if (!version) throw problem('notFound', { detail: 'The person has no such version.' });
  return toPersonHistory({
    record: version.data,
    version: wanted,
    currentVersion: person.version,
    versions: [...history.versions, current],
    events: history.events,
  });
}
