import type { PurposeGrant } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../shared/api/endpoints';
import { type LookupContext, type LookupCriteria, type Person, queryOf, useBalanceUpdate } from './pdp-api';

/** Marks the moment the API answered, so the card can measure how long it took to show. */
export const answerMark = 'pdp:answer';

interface PendingLookup {
  criteria: LookupCriteria;
  context: LookupContext;
  /** A related person's name, to say whom the confirmation is about. */
  subject?: string;
}

interface PdpValue {
  purpose: PurposeGrant | undefined;
  setPurpose: (purpose: PurposeGrant | undefined) => void;
  caseReference: string;
  setCaseReference: (value: string) => void;
  /** Persons the last search delivered. */
  results: Person[] | undefined;
  /** The person on the card; held here, never in the URL. */
  person: Person | undefined;
  showPerson: (person: Person) => void;
  pending: PendingLookup | undefined;
  /** Asks for confirmation (charged) or looks up at once (free). */
  requestLookup: (lookup: PendingLookup, isCharged: boolean) => void;
  confirmLookup: () => void;
  cancelLookup: () => void;
  lookupError: Error | null;
  isLookingUp: boolean;
}

const PdpContext = createContext<PdpValue | null>(null);

export function PdpProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const updateBalance = useBalanceUpdate();
  const [purpose, setPurpose] = useState<PurposeGrant>();
  const [caseReference, setCaseReference] = useState('');
  const [results, setResults] = useState<Person[]>();
  const [person, setPerson] = useState<Person>();
  const [pending, setPending] = useState<PendingLookup>();
  const lookup = useMutation({
    // One key per confirmed lookup: a retried request is never charged twice.
    mutationFn: (request: PendingLookup) =>
      api.queryPersons(queryOf(request.criteria, request.context), crypto.randomUUID()),
    onSuccess: (response, request) => {
      performance.clearMarks(answerMark);
      performance.mark(answerMark);
      if (response.charge) updateBalance(response.charge.balanceCents);
      const persons = response.persons as Person[];
      setResults(persons);
      const [only] = persons;
      if (request.criteria.type === 'byPersonalCode' && only) {
        setPerson(only);
        navigate('/pdp/person');
        return;
      }
      navigate('/pdp');
    },
  });

  const value = useMemo<PdpValue>(
    () => ({
      purpose,
      setPurpose,
      caseReference,
      setCaseReference,
      results,
      person,
      showPerson: (next) => {
        setPerson(next);
        navigate('/pdp/person');
      },
      pending,
      requestLookup: (next, isCharged) => {
        lookup.reset();
        setPurpose(next.context.purpose);
        if (isCharged) setPending(next);
        else lookup.mutate(next);
      },
      confirmLookup: () => {
        if (pending) lookup.mutate(pending);
        setPending(undefined);
      },
      cancelLookup: () => setPending(undefined),
      lookupError: lookup.error,
      isLookingUp: lookup.isPending,
    }),
    [purpose, caseReference, results, person, pending, lookup, navigate],
  );
  return <PdpContext.Provider value={value}>{children}</PdpContext.Provider>;
}

export function usePdp(): PdpValue {
  const value = useContext(PdpContext);
  if (value === null) throw new Error('usePdp outside PdpProvider');
  return value;
}
