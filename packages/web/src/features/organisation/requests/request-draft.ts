import {
  type Environment,
  type RequestChannel,
  type ScopeName,
  type ServiceRequest,
  type ServiceRequestInput,
  scopeFields,
} from '@fpr/contract';
import { msg } from '../../../shared/i18n/message';

/** One requested scope as the wizard edits it; no fields chosen means the whole scope. */
export interface ScopeDraft {
  scope: ScopeName;
  fields: string[];
  legalBasis: string;
  purpose: string;
}

export interface ContactDraft {
  name: string;
  email: string;
  phone: string;
}

/** The request as the wizard holds it: text inputs stay text until the request is sent. */
export interface RequestDraft {
  title: string;
  scopes: ScopeDraft[];
  channels: RequestChannel[];
  environments: Environment[];
  expectedSystemUsers: string;
  wantsMonitoring: boolean;
  contactPersons: ContactDraft[];
}

export const wizardSteps = ['scopes', 'access', 'usage', 'contacts', 'review'] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** What is wrong with one input: the input's id (to link and focus it) and the message key. */
export interface DraftProblem {
  inputId: string;
  message: string;
}

export function emptyDraft(contact: Partial<ContactDraft> = {}): RequestDraft {
  return {
    title: '',
    scopes: [],
    channels: [],
    environments: [],
    expectedSystemUsers: '1',
    wantsMonitoring: false,
    contactPersons: [{ name: contact.name ?? '', email: contact.email ?? '', phone: '' }],
  };
}

/** A saved draft back in the wizard. */
export function draftOf(request: ServiceRequest): RequestDraft {
  return {
    title: request.title,
    scopes: request.scopes.map((scope) => ({
      scope: scope.scope as ScopeName,
      fields: scope.fields ?? [],
      legalBasis: scope.legalBasis,
      purpose: scope.purpose,
    })),
    channels: [...request.channels],
    environments: [...request.environments],
    expectedSystemUsers: String(request.expectedSystemUsers),
    wantsMonitoring: request.wantsMonitoring,
    contactPersons: request.contactPersons.map((person) => ({
      name: person.name,
      email: person.email,
      phone: person.phone ?? '',
    })),
  };
}

/** Field paths of a scope, `scope.field`, in catalogue order. */
export function fieldPathsOf(scope: ScopeName): string[] {
  return scopeFields[scope].map((field) => `${scope}.${field}`);
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9][0-9 ()-]{4,29}$/;

function textProblem(value: string, min: number, inputId: string, message: string): DraftProblem[] {
  return value.trim().length < min ? [{ inputId, message }] : [];
}

function scopeProblems(draft: RequestDraft): DraftProblem[] {
  const problems = textProblem(draft.title, 3, 'request-title', msg('portal.wizard.problems.title'));
  if (draft.scopes.length === 0)
    problems.push({ inputId: 'scope-identity', message: msg('portal.wizard.problems.noScope') });
  for (const scope of draft.scopes) {
    problems.push(
      ...textProblem(
        scope.legalBasis,
        3,
        `legal-basis-${scope.scope}`,
        msg('portal.wizard.problems.legalBasis'),
      ),
      ...textProblem(scope.purpose, 3, `purpose-${scope.scope}`, msg('portal.wizard.problems.purpose')),
    );
  }
  return problems;
}

function accessProblems(draft: RequestDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.channels.length === 0)
    problems.push({ inputId: 'channel-api', message: msg('portal.wizard.problems.noChannel') });
  if (draft.environments.length === 0)
    problems.push({ inputId: 'environment-test', message: msg('portal.wizard.problems.noEnvironment') });
  return problems;
}

function usageProblems(draft: RequestDraft): DraftProblem[] {
  const users = Number(draft.expectedSystemUsers);
  const isValid = /^\d{1,5}$/.test(draft.expectedSystemUsers.trim()) && users <= 10000;
  return isValid ? [] : [{ inputId: 'expected-users', message: msg('portal.wizard.problems.users') }];
}

function contactProblems(draft: RequestDraft): DraftProblem[] {
  return draft.contactPersons.flatMap((person, index) => [
    ...textProblem(person.name, 1, `contact-name-${index}`, msg('portal.wizard.problems.contactName')),
    ...(emailPattern.test(person.email.trim())
      ? []
      : [{ inputId: `contact-email-${index}`, message: msg('portal.wizard.problems.contactEmail') }]),
    ...(person.phone.trim() === '' || phonePattern.test(person.phone.trim())
      ? []
      : [{ inputId: `contact-phone-${index}`, message: msg('portal.wizard.problems.contactPhone') }]),
  ]);
}

const checks: Record<WizardStep, (draft: RequestDraft) => DraftProblem[]> = {
  scopes: scopeProblems,
  access: accessProblems,
  usage: usageProblems,
  contacts: contactProblems,
  review: (draft) =>
    [scopeProblems, accessProblems, usageProblems, contactProblems].flatMap((check) => check(draft)),
};

/** What keeps the user on a step; the server checks everything again. */
export function stepProblems(draft: RequestDraft, step: WizardStep): DraftProblem[] {
  return checks[step](draft);
}

/** The request as the API takes it. */
export function toRequestInput(draft: RequestDraft): ServiceRequestInput {
  return {
    title: draft.title.trim(),
    scopes: draft.scopes.map((scope) => ({
      scope: scope.scope,
      ...(scope.fields.length > 0 ? { fields: scope.fields } : {}),
      legalBasis: scope.legalBasis.trim(),
      purpose: scope.purpose.trim(),
    })),
    channels: draft.channels,
    environments: draft.environments,
    expectedSystemUsers: Number(draft.expectedSystemUsers.trim()),
    wantsMonitoring: draft.wantsMonitoring,
    contactPersons: draft.contactPersons.map((person) => ({
      name: person.name.trim(),
      email: person.email.trim(),
      ...(person.phone.trim() === '' ? {} : { phone: person.phone.trim() }),
    })),
  };
}

/** Ticks a scope on (at the catalogue's place) or off. */
export function toggleScope(
  draft: RequestDraft,
  scope: ScopeName,
  order: readonly ScopeName[],
): RequestDraft {
  const isChosen = draft.scopes.some((chosen) => chosen.scope === scope);
  const scopes = isChosen
    ? draft.scopes.filter((chosen) => chosen.scope !== scope)
    : [...draft.scopes, { scope, fields: [], legalBasis: '', purpose: '' }].sort(
        (a, b) => order.indexOf(a.scope) - order.indexOf(b.scope),
      );
  return { ...draft, scopes };
}

/** Adds or removes a value of a set-like list (channels, environments, fields). */
export function toggled<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((item) => item !== value) : [...values, value];
}
