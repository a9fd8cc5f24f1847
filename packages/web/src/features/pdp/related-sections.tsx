import type { RelatedPerson } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format/format';
import { Facts, has, Section, useYesNo } from './card-parts';
import type { Person } from './pdp-api';
import { scopeOf } from './person-name';

interface RelatedProps {
  person: Person;
  onRelated: (person: RelatedPerson) => void;
}

function RelatedLink({
  person,
  onRelated,
}: {
  person: RelatedPerson;
  onRelated: (p: RelatedPerson) => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link"
      onClick={() => onRelated(person)}
      aria-label={t('pdp.card.lookUpRelated', { name: `${person.givenNames} ${person.surname}` })}
    >
      {person.givenNames} {person.surname}
    </button>
  );
}

export function CivilStatusSection({ person, onRelated }: RelatedProps) {
  const { t } = useTranslation();
  const civil = scopeOf(person, 'civilStatus');
  if (!civil) return null;
  return (
    <Section title={t('scopes.civilStatus')}>
      <Facts
        rows={[
          [
            t('fields.maritalStatus'),
            civil.maritalStatus ? t(`maritalStatuses.${civil.maritalStatus}`) : null,
            has(civil, 'maritalStatus'),
          ],
          [t('fields.sinceDate'), formatDate(civil.since), has(civil, 'since')],
          [
            t('fields.spouse'),
            civil.spouse ? <RelatedLink key="spouse" person={civil.spouse} onRelated={onRelated} /> : null,
            has(civil, 'spouse'),
          ],
        ]}
      />
    </Section>
  );
}

export function RelativesSection({ person, onRelated }: RelatedProps) {
  const { t } = useTranslation();
  const relatives = scopeOf(person, 'relatives');
  if (!relatives) return null;
  const all = [...(relatives.parents ?? []), ...(relatives.children ?? [])];
  return (
    <Section title={t('scopes.relatives')}>
      {all.length === 0 ? (
        <p>—</p>
      ) : (
        <ul>
          {all.map((relative) => (
            <li key={relative.personalCode}>
              {t(`relations.${relative.relation}`)}: <RelatedLink person={relative} onRelated={onRelated} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function GuardianshipSection({ person, onRelated }: RelatedProps) {
  const { t } = useTranslation();
  const yesNo = useYesNo();
  const guardianship = scopeOf(person, 'guardianship');
  if (!guardianship) return null;
  return (
    <Section title={t('scopes.guardianship')}>
      <Facts
        rows={[
          [
            t('fields.legalCapacityRestricted'),
            yesNo(guardianship.legalCapacityRestricted),
            has(guardianship, 'legalCapacityRestricted'),
          ],
        ]}
      />
      {guardianship.guardians && guardianship.guardians.length > 0 && (
        <ul>
          {guardianship.guardians.map((guardian) => (
            <li key={guardian.personalCode}>
              {t('fields.guardian')}: <RelatedLink person={guardian} onRelated={onRelated} /> (
              {t('fields.since')} {formatDate(guardian.since)})
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
