import { type correctableScopes, type LifeEventInput, PersonRecord } from '@fpr/contract';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { problem } from '../../http/problem';
import { cloneRecord, contradiction, type PlannedChange } from './life-event-context';
import type { PlanRequest } from './life-event-plans';

type CorrectionInput = Extract<LifeEventInput, { type: 'correction' }>;

/**
 * Replaces one scope that was recorded wrongly. Scopes that hold relations or the personal code
 * are not correctable here: they change only through the events that keep both sides consistent.
 */
export function planCorrection(request: PlanRequest, input: CorrectionInput): PlannedChange[] {
  const person = request.lookup(input.personalCode, 'personalCode');
  const after = cloneRecord(person.record);
  const schema = PersonRecord.properties[input.scope as (typeof correctableScopes)[number]];
  if (!Value.Check(schema, input.value)) throw invalidScopeValue(schema, input.value);
  Object.assign(after, { [input.scope]: input.value });
  if (input.scope === 'birth') after.identity.birthDate = after.birth.birthDate;
  if (JSON.stringify(after) === JSON.stringify(person.record))
    contradiction('The correction changes nothing.');
  if (after.death.deathDate && after.death.deathDate < after.identity.birthDate) {
    contradiction('A death cannot precede the birth.');
  }
  return [
    {
      person,
      after,
      type: 'correction',
      previousPersonalCode: null,
      details: { reason: input.reason, scope: input.scope },
    },
  ];
}

function invalidScopeValue(schema: TSchema, value: unknown) {
  const invalidParams = [...Value.Errors(schema, value)].slice(0, 50).map((error) => ({
    name: `value${jsonPointerToPath(error.instancePath)}`,
    code: 'invalid',
    reason: error.message,
  }));
  return problem('paramsValidation', {
    detail: 'The corrected value does not fit its scope.',
    invalidParams,
  });
}

/** `/documents/0/number` → `.documents[0].number`, the naming the API uses for parameters. */
function jsonPointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}
