import type { SessionUser } from './session';

/** Where each role starts after logging in. */
export function homeOf(user: SessionUser): string {
  if (user.role === 'pdpUser') return '/pdp';
  if (user.role === 'contactPerson') return '/organisation/users';
  return '/console';
}
