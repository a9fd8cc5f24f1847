import type { Environment, InvalidParam, PersonsQueryRequest } from '@fpr/contract';
import { problem } from '../../http/problem';

/** A purpose as the query needs it: what it grants and when, where and how it may be used. */
export interface UsablePurpose {
  id: string;
  organisationId: string;
  scopes: readonly string[];
  fields: readonly string[];
  channels: readonly string[];
  environments: readonly string[];
  status: string;
  contractStatus: string;
  validFrom: string;
  validTo: string | null;
  requiresCaseReference: boolean;
  requiresEndUser: boolean;
}

export interface PurposeUse {
  organisationId: string;
  environment: Environment;
  channel: 'api' | 'pdp';
  /** Today in Rīga, `YYYY-MM-DD`. */
  today: string;
}

/**
 * The purpose must be the caller's own, active under an active contract, valid today, and allow the
 * channel and the environment; anything else is `purposeNotPermitted` (another organisation's
 * purpose answers the same, so its existence does not leak).
 */
export function checkPurposeUsable(purpose: UsablePurpose | undefined, use: PurposeUse): UsablePurpose {
  const refusal = purposeRefusal(purpose, use);
  if (refusal || !purpose) throw problem('purposeNotPermitted', { detail: refusal ?? 'No such purpose.' });
  return purpose;
}

function purposeRefusal(purpose: UsablePurpose | undefined, use: PurposeUse): string | undefined {
  if (!purpose || purpose.organisationId !== use.organisationId) return 'No such purpose.';
  if (purpose.status !== 'active' || purpose.contractStatus !== 'active')
    return 'The purpose is suspended or withdrawn.';
  if (purpose.validFrom > use.today) return 'The purpose is not valid yet.';
  if (purpose.validTo !== null && purpose.validTo < use.today) return 'The purpose has expired.';
  if (!purpose.channels.includes(use.channel))
    return `The purpose does not allow the ${use.channel} channel.`;
  if (!purpose.environments.includes(use.environment)) return 'The purpose does not allow this environment.';
  return undefined;
}

/** Whether the purpose grants `scope.field`: by its whole scope or by that single field. */
export function grants(
  purpose: Pick<UsablePurpose, 'scopes' | 'fields'>,
  scope: string,
  field?: string,
): boolean {
  if (purpose.scopes.includes(scope)) return true;
  return field !== undefined && purpose.fields.includes(`${scope}.${field}`);
}

/**
 * Every requested entry outside the purpose, as the client wrote it, sorted. A scope name needs the
 * whole scope granted; a `scope.field` path needs its scope or that field.
 */
export function refusedFields(
  purpose: Pick<UsablePurpose, 'scopes' | 'fields'>,
  requested: readonly string[],
): string[] {
  return requested
    .filter((entry) => {
      const [scope = '', field] = entry.split('.');
      return field === undefined ? !purpose.scopes.includes(scope) : !grants(purpose, scope, field);
    })
    .sort();
}

/** Search parameters and the scope (or field) each needs (API §4). */
const parameterNeeds: Record<string, { scope: string; field?: string }> = {
  surname: { scope: 'identity', field: 'surname' },
  givenName: { scope: 'identity', field: 'givenNames' },
  birthDate: { scope: 'identity', field: 'birthDate' },
  sex: { scope: 'identity', field: 'sex' },
  addressCode: { scope: 'residence', field: 'declaredAddress' },
};

/** The search parameters a query uses (their names only: the audit records names, never values). */
export function searchParameterNames(query: PersonsQueryRequest): string[] {
  if (query.type === 'byPersonalCode') return ['personalCodes'];
  return Object.keys(parameterNeeds).filter((name) => Reflect.get(query, name) !== undefined);
}

/** Refuses a search parameter whose scope the purpose lacks (`unauthorizedParameter`). */
export function checkSearchParameters(purpose: UsablePurpose, query: PersonsQueryRequest): void {
  const refused = searchParameterNames(query).filter((name) => {
    const need = parameterNeeds[name];
    return need !== undefined && !grants(purpose, need.scope, need.field);
  });
  if (refused.length > 0) {
    throw problem('unauthorizedParameter', {
      detail: 'A search parameter needs a scope the purpose lacks.',
      extensions: { parameters: refused.sort() },
    });
  }
}

/** The case reference and the end user a purpose may require, as invalid parameters. */
export function requiredContextProblems(
  purpose: UsablePurpose,
  context: { caseReference?: string; endUser?: string; channel: 'api' | 'pdp' },
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (purpose.requiresCaseReference && !context.caseReference) {
    problems.push({
      name: 'caseReference',
      code: 'required',
      reason: 'The purpose requires a case reference.',
    });
  }
  if (purpose.requiresEndUser && context.channel === 'api' && !context.endUser) {
    problems.push({
      name: 'X-End-User',
      code: 'required',
      reason: 'The purpose requires the X-End-User header.',
    });
  }
  return problems;
}

/** Fields requested must all be inside the purpose, or the request is refused whole; nothing is trimmed. */
export function checkFieldsGranted(purpose: UsablePurpose, requested: readonly string[]): void {
  const refused = refusedFields(purpose, requested);
  if (refused.length > 0) {
    throw problem('unauthorizedField', {
      detail: 'Some requested fields are outside the purpose.',
      extensions: { fields: refused },
    });
  }
}
