import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState } from '../console-ui';

/** Every contract: those being negotiated, agreed, active, suspended and ended. */
export function ContractsPage() {
  const { t } = useTranslation();
  const contracts = useQuery({ queryKey: consoleKeys.contracts, queryFn: consoleApi.contracts });
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title">{t('console.contracts.title')}</h1>
      <QueryState query={contracts} />
      {contracts.data &&
        (contracts.data.contracts.length === 0 ? (
          <p>{t('console.contracts.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.common.organisation')}</th>
                <th scope="col">{t('console.common.status')}</th>
                <th scope="col">{t('console.contracts.latestVersion')}</th>
                <th scope="col">{t('console.contracts.agreedVersion')}</th>
                <th scope="col">{t('console.contracts.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {contracts.data.contracts.map((contract) => (
                <tr key={contract.id}>
                  <td>
                    <Link to={`/console/contracts/${contract.id}`}>{contract.organisationName}</Link>
                  </td>
                  <td>{t(`console.contractStatuses.${contract.status}`)}</td>
                  <td>{contract.latestVersion}</td>
                  <td>{contract.agreedVersion ?? '—'}</td>
                  <td>{formatDateTime(contract.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
