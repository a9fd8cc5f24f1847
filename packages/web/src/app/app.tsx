import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactElement, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/login/login-page';
import { type Area, areaOf, homeOf } from '../shared/auth/home';
import { SessionProvider, useSession } from '../shared/auth/session';
import { Layout } from '../shared/layout/layout';
import { RequireUser } from '../shared/layout/require-user';

// Each area is its own chunk: a PDP user never downloads the portal or the console.
const PdpRoutes = lazy(() => import('../features/pdp/pdp-routes').then((m) => ({ default: m.PdpRoutes })));
const OrganisationRoutes = lazy(() =>
  import('../features/organisation/organisation-routes').then((m) => ({ default: m.OrganisationRoutes })),
);

const ConsoleRoutes = lazy(() =>
  import('../features/console/console-routes').then((m) => ({ default: m.ConsoleRoutes })),
);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

function AppRoutes() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireUser />}>
          <Route element={<Layout />}>
            <Route index element={<HomeRedirect />} />
            <Route path="pdp/*" element={<InArea area="pdp" routes={<PdpRoutes />} />} />
            <Route
              path="organisation/*"
              element={<InArea area="organisation" routes={<OrganisationRoutes />} />}
            />
            <Route path="console/*" element={<InArea area="console" routes={<ConsoleRoutes />} />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}

/**
 * Another role's area is never shown, not even its empty screens: its address (typed, or from a
 * bookmark) leads to the user's own home instead, and its code is not downloaded.
 */
function InArea({ area, routes }: { area: Area; routes: ReactElement }) {
  const { user } = useSession();
  if (user && areaOf(user) !== area) return <Navigate to={homeOf(user)} replace />;
  return routes;
}

function HomeRedirect() {
  const { user } = useSession();
  return user ? <Navigate to={homeOf(user)} replace /> : <Navigate to="/login" replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundText')}</p>
    </section>
  );
}
