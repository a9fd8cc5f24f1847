import { type RequestStatus, requestStatuses } from '@fpr/contract';

/** Statuses of a service request (DOMAIN §3); the list lives in the contract, which documents it. */
export { type RequestStatus, requestStatuses };

/** Which status may follow which; anything else is a `conflict`. */
const allowedTransitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['in_review', 'rejected', 'withdrawn'],
  in_review: ['clarification_requested', 'contract_drafting', 'rejected', 'withdrawn'],
  clarification_requested: ['in_review', 'rejected', 'withdrawn'],
  contract_drafting: ['contract_agreed', 'rejected', 'withdrawn'],
  contract_agreed: ['active', 'withdrawn'],
  active: [],
  rejected: [],
  withdrawn: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** Statuses in which PMLP still owes an answer: they count towards the deadline and fill the queue. */
export const openStatuses: readonly RequestStatus[] = [
  'submitted',
  'in_review',
  'clarification_requested',
  'contract_drafting',
];
