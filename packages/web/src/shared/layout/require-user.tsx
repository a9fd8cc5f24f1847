import { Navigate, Outlet } from 'react-router';
import { useSession } from '../auth/session';

/** Pages behind the log-in: without a session the user goes to the log-in page. */
export function RequireUser() {
  const { user } = useSession();
  if (user === null) return <Navigate to="/login" replace />;
  return <Outlet />;
}
