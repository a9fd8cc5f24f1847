import type { SessionUser } from './session';

export type Area = 'pdp' | 'organisation' | 'console';

/** The one area of the app a role works in: the API refuses the others' calls anyway. */
export function areaOf(user: Pick<SessionUser, 'role'>): Area {
  if (user.role === 'pdpUser') return 'pdp';
  if (user.role === 'contactPerson') return 'organisation';
  return 'console';
}

/** Where each role starts after logging in. */
export function homeOf(user: Pick<SessionUser, 'role'>): string {
  const area = areaOf(user);
  if (area === 'pdp') return '/pdp';
  if (area === 'organisation') return '/organisation/users';
  return '/console';
}
