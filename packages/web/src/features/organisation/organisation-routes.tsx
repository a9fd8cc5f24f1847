import { Route, Routes } from 'react-router';
import { AccessLogPage } from './access-log/access-log-page';
import { BalancePage } from './balance/balance-page';
import { ClientsPage } from './clients/clients-page';
import { ConnectionsPage } from './connections/connections-page';
import { ContractPage } from './contracts/contract-page';
import { InvoicesPage } from './invoices/invoices-page';
import { MonitoringPage } from './monitoring/monitoring-page';
import './organisation.css';
import { RequestPage } from './requests/request-page';
import { RequestWizardPage } from './requests/request-wizard-page';
import { RequestsPage } from './requests/requests-page';
import { UsersPage } from './users/users-page';

/** The organisation portal (contact persons). Each screen lives in its own folder. */
export function OrganisationRoutes() {
  return (
    <Routes>
      <Route path="users" element={<UsersPage />} />
      <Route path="requests" element={<RequestsPage />} />
      <Route path="requests/new" element={<RequestWizardPage />} />
      <Route path="requests/:requestId" element={<RequestPage />} />
      <Route path="requests/:requestId/edit" element={<RequestWizardPage />} />
      <Route path="contracts/:contractId" element={<ContractPage />} />
      <Route path="clients" element={<ClientsPage />} />
      <Route path="connections" element={<ConnectionsPage />} />
      <Route path="balance" element={<BalancePage />} />
      <Route path="access-log" element={<AccessLogPage />} />
      <Route path="monitoring" element={<MonitoringPage />} />
      <Route path="invoices" element={<InvoicesPage />} />
    </Routes>
  );
}
