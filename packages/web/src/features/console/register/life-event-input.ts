import type { DocumentType, Environment, LifeEventInput } from '@fpr/contract';

/** The events a registrar records for an existing person from this screen; births and first registrations come from elsewhere. */
export const recordableEvents = [
  'nameChanged',
  'addressDeclared',
  'married',
  'divorced',
  'documentIssued',
  'died',
] as const;
export type RecordableEvent = (typeof recordableEvents)[number];

export type LifeEventFields = Record<string, string>;

/** The event as the API takes it, from the form's text fields; empty optional fields are left out. */
export function lifeEventOf(
  type: RecordableEvent,
  base: { environment: Environment; personalCode: string; effectiveDate: string },
  fields: LifeEventFields,
): LifeEventInput {
  const optional = (name: string) => (fields[name] ? { [name]: fields[name] } : {});
  const subject = base;
  switch (type) {
    case 'nameChanged':
      return {
        type,
        ...subject,
        ...optional('givenNames'),
        ...optional('surname'),
        reason: fields.reason ?? '',
      };
    case 'addressDeclared':
      return {
        type,
        ...subject,
        address: {
          addressCode: fields.addressCode ?? '',
          text: fields.addressText ?? '',
          postcode: fields.postcode ?? '',
          atvk: fields.atvk ?? '',
        },
      };
    case 'married':
      return {
        type,
        ...subject,
        spousePersonalCode: fields.spousePersonalCode ?? '',
        ...optional('surname'),
      };
    case 'divorced':
      return { type, ...subject };
    case 'documentIssued':
      return {
        type,
        ...subject,
        document: {
          type: (fields.documentType ?? 'passport') as DocumentType,
          number: fields.documentNumber ?? '',
          validUntil: fields.validUntil ?? '',
          issuer: fields.issuer ?? '',
        },
      };
    case 'died':
      return { type, ...subject, ...optional('deathPlace') };
  }
}
