import type { ChangeEventType, SubscriptionResult } from '@fpr/contract';
import { msg } from '../i18n/message';

export const outcomeLabels: Record<SubscriptionResult['outcome'], string> = {
  added: msg('monitoring.outcomes.added'),
  alreadySubscribed: msg('monitoring.outcomes.alreadySubscribed'),
  notFound: msg('monitoring.outcomes.notFound'),
  invalid: msg('monitoring.outcomes.invalid'),
};

export const changeTypeLabels: Record<ChangeEventType, string> = {
  born: msg('monitoring.changeTypes.born'),
  registered: msg('monitoring.changeTypes.registered'),
  nameChanged: msg('monitoring.changeTypes.nameChanged'),
  addressDeclared: msg('monitoring.changeTypes.addressDeclared'),
  additionalAddressChanged: msg('monitoring.changeTypes.additionalAddressChanged'),
  married: msg('monitoring.changeTypes.married'),
  divorced: msg('monitoring.changeTypes.divorced'),
  widowed: msg('monitoring.changeTypes.widowed'),
  childAdded: msg('monitoring.changeTypes.childAdded'),
  documentIssued: msg('monitoring.changeTypes.documentIssued'),
  documentStatusChanged: msg('monitoring.changeTypes.documentStatusChanged'),
  citizenshipChanged: msg('monitoring.changeTypes.citizenshipChanged'),
  personalCodeChanged: msg('monitoring.changeTypes.personalCodeChanged'),
  guardianshipChanged: msg('monitoring.changeTypes.guardianshipChanged'),
  died: msg('monitoring.changeTypes.died'),
  correction: msg('monitoring.changeTypes.correction'),
};
