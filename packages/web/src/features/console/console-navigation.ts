import type { StaffRole, UserRole } from '@fpr/contract';
import { msg } from '../../shared/i18n/message';

export interface ConsoleSection {
  /** Path under /console; '' is the dashboard. */
  path: string;
  label: string;
  roles: readonly StaffRole[];
}

const everyone: readonly StaffRole[] = ['administrator', 'reviewer', 'accountant', 'registrar'];
const reviewers: readonly StaffRole[] = ['administrator', 'reviewer'];
const accountants: readonly StaffRole[] = ['administrator', 'accountant'];

/** The console's screens and who may open them: the same roles the API lets through. */
export const consoleSections: readonly ConsoleSection[] = [
  { path: '', label: msg('console.nav.dashboard'), roles: everyone },
  { path: 'queue', label: msg('console.nav.queue'), roles: reviewers },
  { path: 'contracts', label: msg('console.nav.contracts'), roles: reviewers },
  { path: 'organisations', label: msg('console.nav.organisations'), roles: everyone },
  { path: 'connections', label: msg('console.nav.connections'), roles: everyone },
  { path: 'users', label: msg('console.nav.users'), roles: ['administrator'] },
  { path: 'tariffs', label: msg('console.nav.tariffs'), roles: ['administrator', 'accountant'] },
  { path: 'invoices', label: msg('console.nav.invoices'), roles: accountants },
  { path: 'debtors', label: msg('console.nav.debtors'), roles: accountants },
  { path: 'billing-settings', label: msg('console.nav.billingSettings'), roles: accountants },
  { path: 'calendar', label: msg('console.nav.calendar'), roles: everyone },
  { path: 'register', label: msg('console.nav.register'), roles: ['registrar'] },
  { path: 'audit', label: msg('console.nav.audit'), roles: reviewers },
];

export function sectionsFor(role: UserRole): ConsoleSection[] {
  return consoleSections.filter((section) => (section.roles as readonly string[]).includes(role));
}

export function mayOpen(role: UserRole, path: string): boolean {
  return sectionsFor(role).some((section) => section.path === path);
}
