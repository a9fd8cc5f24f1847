import {
  type Environment,
  foldName,
  type InvalidParam,
  normalisePersonalCode,
  type PersonsQueryRequest,
  type PersonsQueryResponse,
  parsePersonalCode,
  searchCaps,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { insertAuditEvents } from '../audit/audit.repository';
import { type IdempotencyScope, withIdempotency } from '../billing/idempotency';
import { chargeStateFee } from '../billing/state-fee';
import { rigaDate } from '../calendar/working-days';
import type { Caller } from '../identity/caller';
import type { DeliverCodes } from './delivery-queue';
import { parseFields } from './field-selection';
import {
  type CodesDelivery,
  deliverByCodes,
  type FoundPerson,
  findPersonsByAddress,
  findPersonsByCodes,
  findPersonsByName,
  findVersionedPurpose,
  type VersionedPurpose,
} from './persons.repository';
import { projectPerson } from './projection';
import {
  checkFieldsGranted,
  checkPurposeUsable,
  checkSearchParameters,
  requiredContextProblems,
  searchParameterNames,
  type UsablePurpose,
} from './purpose-binding';

export interface PersonsContext {
  db: Db;
  now: () => Date;
  /**
   * Purposes as last read, by id. A copy is only ever used by the single-statement delivery, which
   * proves inside the statement that the purpose and contract rows are still that version.
   */
  purposes?: Map<string, VersionedPurpose>;
  /**
   * How a query by codes is delivered: the server's queue commits concurrent ones together
   * (`createDeliveryQueue`); without one, each goes alone.
   */
  deliverCodes?: DeliverCodes;
}

/** Enough for every purpose in use; past it the copy starts again empty. */
const purposeCacheLimit = 10_000;

/** Who asks, from where: what the audit records besides the query itself. */
export interface QueryOrigin {
  caller: Caller;
  organisationId: string;
  environment: Environment;
  requestId: string;
  endUser?: string;
}

/** Validates what the schema cannot: each personal code's date and check digit, each field name. */
export function queryInputProblems(query: PersonsQueryRequest): InvalidParam[] {
  const problems = parseFields(query.fields).invalidParams;
  if (query.type !== 'byPersonalCode') return problems;
  query.personalCodes.forEach((code, index) => {
    const parsed = parsePersonalCode(code);
    if (!parsed.ok)
      problems.push({ name: `personalCodes[${index}]`, code: parsed.issue, reason: parsed.reason });
  });
  return problems;
}

/** `bindPurpose` on the remembered copy of the purpose (read and remembered when there is none). */
async function bindVersionedPurpose(
  ctx: PersonsContext,
  origin: QueryOrigin,
  query: PersonsQueryRequest,
): Promise<VersionedPurpose> {
  const cache = ctx.purposes ?? new Map<string, VersionedPurpose>();
  const remembered = cache.get(query.purposeId);
  if (remembered) {
    try {
      await bindPurpose(ctx, origin, query, async () => remembered);
      return remembered;
    } catch {
      // The copy may be older than a change that allows this query now: decide on a fresh read.
      cache.delete(remembered.id);
    }
  }
  const purpose = await findVersionedPurpose(ctx.db, query.purposeId);
  await bindPurpose(ctx, origin, query, async () => purpose);
  if (!purpose) throw new Error('bindPurpose refuses a missing purpose');
  if (cache.size >= purposeCacheLimit) cache.clear();
  cache.set(purpose.id, purpose);
  return purpose;
}

/**
 * What `queryPersons` answers: the response for Fastify to serialise, or — from the one-statement
 * delivery — the response already as JSON text, its persons built by PostgreSQL.
 */
export type PersonsQueryAnswer = PersonsQueryResponse | string;

/**
 * The hot path: a query by codes without an Idempotency-Key, read, charged, audited and projected in
 * one statement. Undefined when the remembered purpose turned out stale (nothing was done; the copy
 * is dropped and the caller takes the general path, which reads the purpose afresh).
 */
async function deliverInOneStatement(
  ctx: PersonsContext,
  origin: QueryOrigin,
  query: PersonsQueryRequest & { type: 'byPersonalCode' },
): Promise<string | undefined> {
  const purpose = await bindVersionedPurpose(ctx, origin, query);
  const at = ctx.now();
  const normalised = query.personalCodes.map((code) => normalisePersonalCode(code) ?? code);
  const { paths, selection } = parseFields(query.fields);
  const deliverCodes = ctx.deliverCodes ?? ((input: CodesDelivery) => deliverByCodes(ctx.db, input));
  const outcome = await deliverCodes({
    environment: origin.environment,
    codes: [...new Set(normalised)],
    purposeId: purpose.id,
    purposeRowVersion: purpose.rowVersion,
    organisationId: origin.organisationId,
    day: rigaDate(at),
    requestId: origin.requestId,
    at,
    actorKind: origin.caller.kind,
    actorId: origin.caller.kind === 'client' ? origin.caller.clientId : origin.caller.userId,
    endUser: origin.endUser ?? null,
    caseReference: query.caseReference ?? null,
    searchParameters: searchParameterNames(query),
    fields: paths,
    selection,
  });
  if (!outcome.isPurposeCurrent) {
    ctx.purposes?.delete(purpose.id);
    return undefined;
  }
  if (outcome.amountCents === null) throw new Error(`no state-fee tariff covers ${rigaDate(at)}`);
  if (!outcome.isDelivered) {
    throw problem('insufficientBalance', {
      detail: `The fee of this request is ${outcome.amountCents} cents; the prepaid balance is ${outcome.balanceCents} cents.`,
      extensions: { requiredCents: outcome.amountCents, balanceCents: outcome.balanceCents },
    });
  }
  const charge: PersonsQueryResponse['charge'] =
    outcome.balanceAfterCents === null
      ? null
      : {
          persons: outcome.personCount,
          amountCents: outcome.amountCents,
          balanceCents: outcome.balanceAfterCents,
          currency: 'EUR',
        };
  return `{"persons":[${outcome.personsJson}],"charge":${JSON.stringify(charge)}}`;
}

/** The purpose, checked against the caller, channel, environment, fields, parameters and context. */
export async function bindPurpose(
  ctx: PersonsContext,
  origin: QueryOrigin,
  query: PersonsQueryRequest,
  read: () => Promise<UsablePurpose | undefined> = () => findVersionedPurpose(ctx.db, query.purposeId),
): Promise<UsablePurpose> {
  const channel = origin.caller.kind === 'client' ? 'api' : 'pdp';
  const purpose = checkPurposeUsable(await read(), {
    organisationId: origin.organisationId,
    environment: origin.environment,
    channel,
    today: rigaDate(ctx.now()),
  });
  checkFieldsGranted(purpose, query.fields);
  checkSearchParameters(purpose, query);
  const missing = requiredContextProblems(purpose, {
    caseReference: query.caseReference,
    endUser: origin.endUser,
    channel,
  });
  if (missing.length > 0) throw problem('paramsValidation', { invalidParams: missing });
  return purpose;
}

/**
 * Finds the persons a query names, within its cap. Codes keep the order asked, an old code finds
 * the person who changed it, and unknown codes are simply absent.
 */
export async function findQueriedPersons(
  db: Db,
  environment: Environment,
  query: PersonsQueryRequest,
): Promise<FoundPerson[]> {
  if (query.type === 'byPersonalCode') return byCodesInOrder(db, environment, query.personalCodes);
  const includeDeceased = query.includeDeceased ?? false;
  const cap = searchCaps[query.type];
  const found =
    query.type === 'byNameAndBirthDate'
      ? await findPersonsByName(db, {
          environment,
          surname: foldName(query.surname),
          givenName: query.givenName === undefined ? undefined : foldName(query.givenName),
          birthDate: query.birthDate,
          sex: query.sex,
          includeDeceased,
          limit: cap + 1,
        })
      : await findPersonsByAddress(db, {
          environment,
          addressCode: query.addressCode,
          includeDeceased,
          limit: cap + 1,
        });
  if (found.length > cap) {
    throw problem('tooManyResults', { detail: `The search matches more than ${cap} persons; refine it.` });
  }
  return found;
}

async function byCodesInOrder(db: Db, environment: Environment, codes: string[]): Promise<FoundPerson[]> {
  const normalised = codes.map((code) => normalisePersonalCode(code) ?? code);
  const found = await findPersonsByCodes(db, environment, [...new Set(normalised)]);
  const byCode = new Map<string, FoundPerson>();
  for (const person of found) {
    byCode.set(person.personalCode, person);
    if (person.previousPersonalCode) byCode.set(person.previousPersonalCode, person);
  }
  // A person asked for twice (by old and new code, say) is delivered and charged once.
  const delivered = new Set<string>();
  return normalised.flatMap((code) => {
    const person = byCode.get(code);
    if (!person || delivered.has(person.id)) return [];
    delivered.add(person.id);
    return [person];
  });
}

export function deliver(persons: FoundPerson[], fields: string[]): PersonsQueryResponse['persons'] {
  const { selection } = parseFields(fields);
  return persons.map((person) => projectPerson(person, selection));
}

export interface IdempotencyOptions {
  key: string | undefined;
  /**
   * sha256 of method, path and canonical body (`requestFingerprint`). Asked for only when a key was
   * given: most queries carry none, and canonicalising and hashing every body cost them CPU for nothing.
   */
  fingerprint: () => string;
}

/**
 * `POST /api/v1/persons/query` (API §4). Rules first (input, purpose, fields, parameters), then one
 * transaction that reads the persons, takes the state fee and writes one audit record per delivered
 * person: all three commit together or not at all. A retry with the same `Idempotency-Key` and body
 * answers the stored result and charges nothing more.
 */
export async function queryPersons(
  ctx: PersonsContext,
  origin: QueryOrigin,
  query: PersonsQueryRequest,
  idempotency: IdempotencyOptions,
): Promise<PersonsQueryAnswer> {
  const invalidParams = queryInputProblems(query);
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  if (query.type === 'byPersonalCode' && idempotency.key === undefined) {
    const delivered = await deliverInOneStatement(ctx, origin, query);
    if (delivered) return delivered;
  }
  await bindPurpose(ctx, origin, query);
  const at = ctx.now();
  const outcome = await ctx.db.transaction().execute((trx) =>
    withIdempotency(trx, scopeOf(origin, idempotency, at), async () => ({
      status: 200,
      body: await deliverAndRecord(trx, origin, query, { at, idempotencyKey: idempotency.key }),
    })),
  );
  return outcome.body;
}

function scopeOf(origin: QueryOrigin, idempotency: IdempotencyOptions, at: Date): IdempotencyScope {
  const { organisationId } = origin;
  if (idempotency.key === undefined) return { organisationId, key: undefined, at };
  return { organisationId, key: idempotency.key, fingerprint: idempotency.fingerprint(), at };
}

async function deliverAndRecord(
  trx: Db,
  origin: QueryOrigin,
  query: PersonsQueryRequest,
  options: { at: Date; idempotencyKey: string | undefined },
): Promise<PersonsQueryResponse> {
  const persons = await findQueriedPersons(trx, origin.environment, query);
  // The charge holds the balance row until commit, so it comes after the read; the audit rows follow.
  const charge = await chargeStateFee(trx, {
    organisationId: origin.organisationId,
    environment: origin.environment,
    persons: persons.length,
    requestId: origin.requestId,
    at: options.at,
    idempotencyKey: options.idempotencyKey,
  });
  const feeCents = charge && persons.length > 0 ? charge.amountCents / persons.length : 0;
  const fields = parseFields(query.fields).paths;
  await insertAuditEvents(
    trx,
    persons.map((person) => ({
      requestId: origin.requestId,
      occurredAt: options.at,
      organisationId: origin.organisationId,
      environment: origin.environment,
      actorKind: origin.caller.kind,
      actorId: origin.caller.kind === 'client' ? origin.caller.clientId : origin.caller.userId,
      endUser: origin.endUser ?? null,
      purposeId: query.purposeId,
      caseReference: query.caseReference ?? null,
      queryType: query.type,
      searchParameters: searchParameterNames(query),
      personId: person.id,
      personalCode: person.personalCode,
      fields,
      feeCents,
    })),
  );
  return {
    persons: deliver(persons, query.fields),
    charge: charge && { ...charge, currency: 'EUR' },
  };
}
