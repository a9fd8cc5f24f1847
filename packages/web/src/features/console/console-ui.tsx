import type { Organisation, StaffRole } from '@fpr/contract';
import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../shared/auth/session';
import { ProblemMessage } from '../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from './console-api';

/** Whether the logged-in PMLP user has one of the roles (the API decides; this only hides what it would refuse). */
export function useHasRole(...roles: StaffRole[]): boolean {
  const { user } = useSession();
  return user !== null && (roles as string[]).includes(user.role);
}

/** Organisation names by id, for screens whose rows carry only the id. */
export function useOrganisationNames(): Map<string, string> {
  const organisations = useQuery({ queryKey: consoleKeys.organisations, queryFn: consoleApi.organisations });
  return new Map((organisations.data?.organisations ?? []).map((o: Organisation) => [o.id, o.name]));
}

interface ReasonFormProps {
  /** The button's text; the reason field is labelled by `reasonLabel`. */
  submitLabel: string;
  reasonLabel: string;
  onSubmit: (reason: string) => Promise<unknown>;
  /** Refreshed after success. */
  invalidates: QueryKey[];
  multiline?: boolean;
  minLength?: number;
  maxLength?: number;
}

/** A state change that the API records with its reason: one field, one button, the refusal shown. */
export function ReasonForm({
  submitLabel,
  reasonLabel,
  onSubmit,
  invalidates,
  multiline,
  minLength = 3,
  maxLength = 5000,
}: ReasonFormProps) {
  const queryClient = useQueryClient();
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: () => onSubmit(reason),
    onSuccess: async () => {
      setReason('');
      await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const common = {
    id: fieldId,
    required: true,
    minLength,
    maxLength,
    value: reason,
  };
  return (
    <form className="stacked" onSubmit={submit}>
      <label htmlFor={fieldId}>{reasonLabel}</label>
      {multiline ? (
        <textarea {...common} rows={4} onChange={(event) => setReason(event.target.value)} />
      ) : (
        <input {...common} onChange={(event) => setReason(event.target.value)} />
      )}
      <div>
        <button type="submit" disabled={mutation.isPending}>
          {submitLabel}
        </button>
      </div>
      <ProblemMessage error={mutation.error} />
    </form>
  );
}

/** Loading and refusal of a query, shown the same way on every screen. */
export function QueryState({ query }: { query: { isPending: boolean; error: unknown } }) {
  const { t } = useTranslation();
  return (
    <>
      <ProblemMessage error={query.error} />
      {query.isPending && !query.error && <p className="loading">{t('common.loading')}</p>}
    </>
  );
}

/** A fresh idempotency key per intended money movement: a retried click cannot record it twice. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
