import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { type SessionUser, useSession } from '../auth/session';
import { msg } from '../i18n/message';
import { LanguageSwitch } from './language-switch';

interface NavItem {
  to: string;
  label: string;
}

function navigationOf(user: SessionUser): NavItem[] {
  if (user.role === 'pdpUser')
    return [
      { to: '/pdp', label: msg('nav.pdpSearch') },
      { to: '/pdp/history', label: msg('nav.pdpHistory') },
      { to: '/pdp/monitoring', label: msg('monitoring.title') },
    ];
  if (user.role === 'contactPerson')
    return [
      { to: '/organisation/requests', label: msg('portal.nav.requests') },
      { to: '/organisation/users', label: msg('nav.organisationUsers') },
      { to: '/organisation/clients', label: msg('portal.nav.clients') },
      { to: '/organisation/connections', label: msg('portal.nav.connections') },
      { to: '/organisation/monitoring', label: msg('portal.nav.monitoring') },
      { to: '/organisation/balance', label: msg('portal.nav.balance') },
      { to: '/organisation/invoices', label: msg('portal.nav.invoices') },
      { to: '/organisation/access-log', label: msg('portal.nav.accessLog') },
    ];
  return [];
}

/** The frame of every page behind the log-in: header, navigation, the page, and a skip link. */
export function Layout() {
  const { t } = useTranslation();
  const { user, logOut } = useSession();
  if (user === null) return null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('layout.appName')}</span>
        <nav aria-label={t('layout.mainNavigation')}>
          <ul>
            {navigationOf(user).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <span className="user-name">
            {user.displayName} ({t(`roles.${user.role}`)}
            {user.environment ? `, ${t(`environments.${user.environment}`)}` : ''})
          </span>
          <LanguageSwitch />
          <button type="button" onClick={() => void logOut()}>
            {t('layout.logOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
