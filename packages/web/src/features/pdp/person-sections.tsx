import type { Address, RelatedPerson } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format/format';
import { Facts, has, Section, useYesNo } from './card-parts';
import { DocumentsSection } from './document-section';
import type { Person } from './pdp-api';
import { scopeOf } from './person-name';
import { CivilStatusSection, GuardianshipSection, RelativesSection } from './related-sections';

interface SectionsProps {
  person: Person;
  onRelated: (person: RelatedPerson) => void;
}

/** Every delivered scope in words; scopes the purpose does not grant are simply absent. */
export function PersonSections({ person, onRelated }: SectionsProps) {
  return (
    <div className="sections">
      <IdentitySection person={person} />
      <NamesSection person={person} />
      <BirthSection person={person} />
      <CitizenshipSection person={person} />
      <ResidenceSection person={person} />
      <ResidenceHistorySection person={person} />
      <DocumentsSection person={person} />
      <CivilStatusSection person={person} onRelated={onRelated} />
      <RelativesSection person={person} onRelated={onRelated} />
      <GuardianshipSection person={person} onRelated={onRelated} />
      <DeathSection person={person} />
      <SpecialStatusesSection person={person} />
    </div>
  );
}

function IdentitySection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const identity = scopeOf(person, 'identity');
  if (!identity) return null;
  return (
    <Section title={t('scopes.identity')}>
      <Facts
        rows={[
          [t('fields.givenNames'), identity.givenNames, has(identity, 'givenNames')],
          [t('fields.surname'), identity.surname, has(identity, 'surname')],
          [t('fields.sex'), identity.sex ? t(`sexes.${identity.sex}`) : null, has(identity, 'sex')],
          [t('fields.birthDate'), formatDate(identity.birthDate), has(identity, 'birthDate')],
          [
            t('fields.previousPersonalCodes'),
            identity.previousPersonalCodes?.join(', ') || '—',
            has(identity, 'previousPersonalCodes'),
          ],
        ]}
      />
    </Section>
  );
}

function NamesSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const names = scopeOf(person, 'names');
  if (!names) return null;
  return (
    <Section title={t('scopes.names')}>
      <Facts rows={[[t('fields.birthSurname'), names.birthSurname, has(names, 'birthSurname')]]} />
      {names.nameHistory && names.nameHistory.length > 0 && (
        <ul>
          {names.nameHistory.map((entry) => (
            <li key={`${entry.validFrom}-${entry.surname}`}>
              {entry.givenNames} {entry.surname}: {formatDate(entry.validFrom)}–{formatDate(entry.validTo)} (
              {entry.reason})
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function registrationText(registration: { entryNumber: string; date: string; office: string } | null) {
  if (!registration) return null;
  return `${registration.office}, ${formatDate(registration.date)}, Nr. ${registration.entryNumber}`;
}

function BirthSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const birth = scopeOf(person, 'birth');
  if (!birth) return null;
  return (
    <Section title={t('scopes.birth')}>
      <Facts
        rows={[
          [t('fields.birthDate'), formatDate(birth.birthDate), has(birth, 'birthDate')],
          [t('fields.birthCountry'), birth.birthCountry, has(birth, 'birthCountry')],
          [t('fields.birthPlace'), birth.birthPlace, has(birth, 'birthPlace')],
          [
            t('fields.registration'),
            registrationText(birth.birthRegistration ?? null),
            has(birth, 'birthRegistration'),
          ],
        ]}
      />
    </Section>
  );
}

function CitizenshipSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const citizenship = scopeOf(person, 'citizenship');
  if (!citizenship) return null;
  return (
    <Section title={t('scopes.citizenship')}>
      <Facts
        rows={[
          [t('fields.citizenship'), citizenship.citizenship, has(citizenship, 'citizenship')],
          [
            t('fields.legalStatus'),
            citizenship.legalStatus ? t(`legalStatuses.${citizenship.legalStatus}`) : null,
            has(citizenship, 'legalStatus'),
          ],
          [t('fields.sinceDate'), formatDate(citizenship.since), has(citizenship, 'since')],
        ]}
      />
    </Section>
  );
}

function addressText(address: Pick<Address, 'text' | 'postcode'> | null | undefined): string | null {
  if (!address) return null;
  return address.text.includes(address.postcode) ? address.text : `${address.text}, ${address.postcode}`;
}

function ResidenceSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const residence = scopeOf(person, 'residence');
  if (!residence) return null;
  const declared = residence.declaredAddress;
  return (
    <Section title={t('scopes.residence')}>
      <Facts
        rows={[
          [
            t('fields.declaredAddress'),
            declared ? `${addressText(declared)} (${t('fields.since')} ${formatDate(declared.since)})` : null,
            has(residence, 'declaredAddress'),
          ],
          [
            t('fields.additionalAddresses'),
            residence.additionalAddresses?.length
              ? residence.additionalAddresses
                  .map(
                    (address) =>
                      `${addressText(address)} (${formatDate(address.validFrom)}–${formatDate(address.validTo)})`,
                  )
                  .join('; ')
              : null,
            has(residence, 'additionalAddresses'),
          ],
          [
            t('fields.foreignAddress'),
            residence.foreignAddress
              ? `${residence.foreignAddress.text}, ${residence.foreignAddress.country}`
              : null,
            has(residence, 'foreignAddress'),
          ],
        ]}
      />
    </Section>
  );
}

function ResidenceHistorySection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const history = scopeOf(person, 'residenceHistory');
  if (!history) return null;
  const addresses = history.previousAddresses ?? [];
  return (
    <Section title={t('scopes.residenceHistory')}>
      {addresses.length === 0 ? (
        <p>—</p>
      ) : (
        <ul>
          {addresses.map((address) => (
            <li key={`${address.addressCode}-${address.validFrom}`}>
              {addressText(address)}: {formatDate(address.validFrom)}–{formatDate(address.validTo)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function DeathSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const death = scopeOf(person, 'death');
  if (!death) return null;
  return (
    <Section title={t('scopes.death')}>
      <Facts
        rows={[
          [t('fields.deathDate'), formatDate(death.deathDate), has(death, 'deathDate')],
          [t('fields.deathPlace'), death.deathPlace, has(death, 'deathPlace')],
          [
            t('fields.registration'),
            registrationText(death.deathRegistration ?? null),
            has(death, 'deathRegistration'),
          ],
        ]}
      />
    </Section>
  );
}

function SpecialStatusesSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const yesNo = useYesNo();
  const special = scopeOf(person, 'specialStatuses');
  if (!special) return null;
  return (
    <Section title={t('scopes.specialStatuses')}>
      <Facts
        rows={[
          [
            t('fields.politicallyRepressed'),
            yesNo(special.politicallyRepressed),
            has(special, 'politicallyRepressed'),
          ],
          [
            t('fields.nationalResistanceParticipant'),
            yesNo(special.nationalResistanceParticipant),
            has(special, 'nationalResistanceParticipant'),
          ],
          [
            t('fields.worldWarTwoParticipant'),
            yesNo(special.worldWarTwoParticipant),
            has(special, 'worldWarTwoParticipant'),
          ],
        ]}
      />
    </Section>
  );
}
