import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, Route, Routes } from 'react-router';
import { useSession } from '../../shared/auth/session';
import { AuditPage } from './audit/audit-page';
import { CalendarPage } from './calendar/calendar-page';
import { ConnectionPage } from './connections/connection-page';
import { ConnectionsPage } from './connections/connections-page';
import { mayOpen, sectionsFor } from './console-navigation';
import { ContractPage } from './contracts/contract-page';
import { ContractsPage } from './contracts/contracts-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { BillingSettingsPage } from './invoices/billing-settings-page';
import { DebtorsPage } from './invoices/debtors-page';
import { InvoicesPage } from './invoices/invoices-page';
import { OrganisationPage } from './organisations/organisation-page';
import { OrganisationsPage } from './organisations/organisations-page';
import { RegisterPage } from './register/register-page';
import { QueuePage } from './requests/queue-page';
import { RequestPage } from './requests/request-page';
import { TariffsPage } from './tariffs/tariffs-page';
import { StaffUsersPage } from './users/staff-users-page';
import './console.css';

/** The PMLP console: its own chunk, its own side navigation, each screen for the roles the API admits. */
export function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<ConsoleFrame />}>
        <Route index element={<DashboardPage />} />
        <Route element={<RequireSection path="queue" />}>
          <Route path="queue" element={<QueuePage />} />
          <Route path="requests/:requestId" element={<RequestPage />} />
        </Route>
        <Route element={<RequireSection path="contracts" />}>
          <Route path="contracts" element={<ContractsPage />} />
          <Route path="contracts/:contractId" element={<ContractPage />} />
        </Route>
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="organisations/:organisationId" element={<OrganisationPage />} />
        <Route path="connections" element={<ConnectionsPage />} />
        <Route path="connections/:connectionId" element={<ConnectionPage />} />
        <Route element={<RequireSection path="users" />}>
          <Route path="users" element={<StaffUsersPage />} />
        </Route>
        <Route element={<RequireSection path="tariffs" />}>
          <Route path="tariffs" element={<TariffsPage />} />
        </Route>
        <Route element={<RequireSection path="invoices" />}>
          <Route path="invoices" element={<InvoicesPage />} />
        </Route>
        <Route element={<RequireSection path="debtors" />}>
          <Route path="debtors" element={<DebtorsPage />} />
        </Route>
        <Route element={<RequireSection path="billing-settings" />}>
          <Route path="billing-settings" element={<BillingSettingsPage />} />
        </Route>
        <Route path="calendar" element={<CalendarPage />} />
        <Route element={<RequireSection path="register" />}>
          <Route path="register" element={<RegisterPage />} />
        </Route>
        <Route element={<RequireSection path="audit" />}>
          <Route path="audit" element={<AuditPage />} />
        </Route>
        <Route path="*" element={<ConsoleNotFound />} />
      </Route>
    </Routes>
  );
}

function ConsoleFrame() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (user === null) return null;
  return (
    <div className="console">
      <nav className="console-nav" aria-label={t('console.nav.label')}>
        <ul>
          {sectionsFor(user.role).map((section) => (
            <li key={section.path}>
              <NavLink
                to={section.path === '' ? '/console' : `/console/${section.path}`}
                end={section.path === ''}
              >
                {t(section.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="console-page">
        <Outlet />
      </div>
    </div>
  );
}

/** A screen the user's role may not open says so rather than failing call by call. */
function RequireSection({ path }: { path: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (user === null || !mayOpen(user.role, path))
    return (
      <section>
        <h1>{t('console.forbiddenTitle')}</h1>
        <p>{t('problems.forbidden')}</p>
      </section>
    );
  return <Outlet />;
}

function ConsoleNotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundText')}</p>
    </section>
  );
}
