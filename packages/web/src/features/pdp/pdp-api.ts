import type { DeliveredPerson, Me, PersonsQueryRequest, PurposeGrant } from '@fpr/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/endpoints';

export const meQueryKey = ['me'] as const;

/** The user's organisation, purposes, fee and balance (API §3). */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: api.me });
}

/** After a charge the answer carries the new balance: the screens show it without a new call. */
export function useBalanceUpdate() {
  const queryClient = useQueryClient();
  return (balanceCents: number) =>
    queryClient.setQueryData<Me>(meQueryKey, (me) => (me ? { ...me, balanceCents } : me));
}

/** Everything the purpose grants: its whole scopes and its single fields. */
export function fieldsOf(purpose: PurposeGrant): string[] {
  return [...purpose.scopes, ...purpose.fields];
}

/** What the user asked for, before the purpose and case are attached. */
export type LookupCriteria =
  | { type: 'byPersonalCode'; personalCode: string }
  | {
      type: 'byNameAndBirthDate';
      surname: string;
      givenName: string;
      birthDate: string;
      includeDeceased: boolean;
    };

export interface LookupContext {
  purpose: PurposeGrant;
  caseReference: string;
}

export function queryOf(criteria: LookupCriteria, context: LookupContext): PersonsQueryRequest {
  const common = {
    purposeId: context.purpose.id,
    fields: fieldsOf(context.purpose),
    ...(context.caseReference.trim() === '' ? {} : { caseReference: context.caseReference.trim() }),
  };
  if (criteria.type === 'byPersonalCode')
    return { type: 'byPersonalCode', personalCodes: [criteria.personalCode.trim()], ...common };
  return {
    type: 'byNameAndBirthDate',
    surname: criteria.surname.trim(),
    ...(criteria.givenName.trim() === '' ? {} : { givenName: criteria.givenName.trim() }),
    birthDate: criteria.birthDate,
    ...(criteria.includeDeceased ? { includeDeceased: true } : {}),
    ...common,
  };
}

export type Person = DeliveredPerson & Record<string, unknown>;
