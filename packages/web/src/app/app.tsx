import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/login/login-page';
import { homeOf } from '../shared/auth/home';
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
            <Route path="pdp/*" element={<PdpRoutes />} />
            <Route path="organisation/*" element={<OrganisationRoutes />} />
            <Route path="console/*" element={<ConsoleRoutes />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
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
