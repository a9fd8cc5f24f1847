import { Route, Routes } from 'react-router';
import { UsersPage } from './users/users-page';

/** The organisation portal (contact persons). Each screen lives in its own folder. */
export function OrganisationRoutes() {
  return (
    <Routes>
      <Route path="users" element={<UsersPage />} />
    </Routes>
  );
}
