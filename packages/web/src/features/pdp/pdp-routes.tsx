import { Route, Routes } from 'react-router';
import { HistoryPage } from './history-page';
import { LookupConfirmation } from './lookup-confirmation';
import { PdpProvider } from './pdp-state';
import { PersonCardPage } from './person-card-page';
import { SearchPage } from './search-page';

/** The Personal Data Browser: search, the person card and the user's own lookups. */
export function PdpRoutes() {
  return (
    <PdpProvider>
      <Routes>
        <Route index element={<SearchPage />} />
        <Route path="person" element={<PersonCardPage />} />
        <Route path="history" element={<HistoryPage />} />
      </Routes>
      <LookupConfirmation />
    </PdpProvider>
  );
}
