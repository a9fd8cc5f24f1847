import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState } from '../console-ui';

/** Every organisation, with its fee exemption; each opens to its people, connections and prepaid balance. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const organisations = useQuery({ queryKey: consoleKeys.organisations, queryFn: consoleApi.organisations });
  return (
    <section aria-labelledby="organisations-title">
      <h1 id="organisations-title">{t('console.organisations.title')}</h1>
      <QueryState query={organisations} />
      {organisations.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('console.organisations.name')}</th>
              <th scope="col">{t('console.organisations.registrationNumber')}</th>
              <th scope="col">{t('console.organisations.legalForm')}</th>
              <th scope="col">{t('console.organisations.feeExempt')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.data.organisations.map((organisation) => (
              <tr key={organisation.id}>
                <td>
                  <Link to={`/console/organisations/${organisation.id}`}>{organisation.name}</Link>
                </td>
                <td>{organisation.registrationNumber}</td>
                <td>{t(`console.legalForms.${organisation.legalForm}`)}</td>
                <td>{organisation.feeExempt ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
