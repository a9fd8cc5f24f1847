import type { ContractStatus, RequestChannel, RequestStatus } from '@fpr/contract';
import { msg } from '../../../shared/i18n/message';

/** Written out rather than built from the value, so the translations test sees every key. */
export const requestStatusLabels: Record<RequestStatus, string> = {
  draft: msg('portal.requestStatus.draft'),
  submitted: msg('portal.requestStatus.submitted'),
  in_review: msg('portal.requestStatus.in_review'),
  clarification_requested: msg('portal.requestStatus.clarification_requested'),
  contract_drafting: msg('portal.requestStatus.contract_drafting'),
  contract_agreed: msg('portal.requestStatus.contract_agreed'),
  active: msg('portal.requestStatus.active'),
  rejected: msg('portal.requestStatus.rejected'),
  withdrawn: msg('portal.requestStatus.withdrawn'),
};

export const channelLabels: Record<RequestChannel, string> = {
  api: msg('portal.channels.api'),
  pdp: msg('portal.channels.pdp'),
};

export const contractStatusLabels: Record<ContractStatus, string> = {
  drafting: msg('portal.contractStatus.drafting'),
  agreed: msg('portal.contractStatus.agreed'),
  active: msg('portal.contractStatus.active'),
  suspended: msg('portal.contractStatus.suspended'),
  terminated: msg('portal.contractStatus.terminated'),
};
