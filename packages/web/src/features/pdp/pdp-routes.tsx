import { Route, Routes } from 'react-router';
import { HistoryPage } from './history-page';
import { LookupConfirmation } from './lookup-confirmation';
import { MonitoringPage } from './monitoring-page';
import { PdpProvider } from './pdp-state';
import { PersonCardPage } from './person-card-page';
import { SearchPage } from './search-page';

/** The Personal Data Browser: search, the person card, the user's own lookups and monitoring. */
export function PdpRoutes() {
  return (
    <PdpProvider>
      <Routes>
        <Route index element={<SearchPage />} />
        <Route path="person" element={<PersonCardPage />} />
        <Route path="history" element={<HistoryPage />} />
        <Route path="monitoring" element={<MonitoringPage />} />
      </Routes>
      <LookupConfirmation />
    </PdpProvider>
  );
}
