import type { ChangeEventType, SubscriptionResult } from '@fpr/contract';
import { msg } from '../../../shared/i18n/message';

export const outcomeLabels: Record<SubscriptionResult['outcome'], string> = {
  added: msg('portal.monitoring.outcomes.added'),
  alreadySubscribed: msg('portal.monitoring.outcomes.alreadySubscribed'),
  notFound: msg('portal.monitoring.outcomes.notFound'),
  invalid: msg('portal.monitoring.outcomes.invalid'),
};

export const changeTypeLabels: Record<ChangeEventType, string> = {
  born: msg('portal.monitoring.changeTypes.born'),
  registered: msg('portal.monitoring.changeTypes.registered'),
  nameChanged: msg('portal.monitoring.changeTypes.nameChanged'),
  addressDeclared: msg('portal.monitoring.changeTypes.addressDeclared'),
  additionalAddressChanged: msg('portal.monitoring.changeTypes.additionalAddressChanged'),
  married: msg('portal.monitoring.changeTypes.married'),
  divorced: msg('portal.monitoring.changeTypes.divorced'),
  widowed: msg('portal.monitoring.changeTypes.widowed'),
  childAdded: msg('portal.monitoring.changeTypes.childAdded'),
  documentIssued: msg('portal.monitoring.changeTypes.documentIssued'),
  documentStatusChanged: msg('portal.monitoring.changeTypes.documentStatusChanged'),
  citizenshipChanged: msg('portal.monitoring.changeTypes.citizenshipChanged'),
  personalCodeChanged: msg('portal.monitoring.changeTypes.personalCodeChanged'),
  guardianshipChanged: msg('portal.monitoring.changeTypes.guardianshipChanged'),
  died: msg('portal.monitoring.changeTypes.died'),
  correction: msg('portal.monitoring.changeTypes.correction'),
};
