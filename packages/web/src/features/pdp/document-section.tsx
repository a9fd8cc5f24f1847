import type { IdentityDocument } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { formatDate, rigaToday } from '../../shared/format/format';
import { Section } from './card-parts';
import type { Person } from './pdp-api';
import { scopeOf } from './person-name';

/** A document is usable only while valid and not past its date, whatever its recorded status says. */
export function validityOf(document: IdentityDocument, today: string): IdentityDocument['status'] {
  if (document.status === 'valid' && document.validUntil < today) return 'expired';
  return document.status;
}

export function DocumentsSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const documents = scopeOf(person, 'documents')?.documents;
  if (!documents) return null;
  const today = rigaToday();
  return (
    <Section title={t('scopes.documents')} isWide>
      {documents.length === 0 ? (
        <p>—</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('fields.documentType')}</th>
              <th scope="col">{t('fields.documentNumber')}</th>
              <th scope="col">{t('fields.issuedOn')}</th>
              <th scope="col">{t('fields.validUntil')}</th>
              <th scope="col">{t('fields.issuer')}</th>
              <th scope="col">{t('fields.documentStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((document) => {
              const validity = validityOf(document, today);
              return (
                <tr key={document.number}>
                  <td>{t(`documentTypes.${document.type}`)}</td>
                  <td>{document.number}</td>
                  <td>{formatDate(document.issuedOn)}</td>
                  <td>{formatDate(document.validUntil)}</td>
                  <td>{document.issuer}</td>
                  <td>
                    <span className={`badge document-${validity}`}>{t(`documentStatuses.${validity}`)}</span>{' '}
                    ({formatDate(document.statusSince)})
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
