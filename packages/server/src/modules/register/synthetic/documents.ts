import type { DocumentStatus, DocumentType, IdentityDocument } from '@fpr/contract';
import { addYears, ageOn, isoDate } from './dates';
import type { GenerationContext, PersonDraft } from './person-draft';

const ISSUER = 'PMLP';
const DAYS_PER_YEAR = 365;
// Shares of persons holding a passport beside the identity card, and an earlier document on file.
const PASSPORT_SHARE = 0.4;
const EARLIER_DOCUMENT_SHARE = 0.2;

interface Issue {
  readonly type: DocumentType;
  readonly prefix: string;
  readonly issuedOn: number;
  readonly validUntil: number;
}

/** Where the document stands on `asOf` when nothing happened to it. */
function naturalStatus(issue: Issue, asOf: number): { status: DocumentStatus; since: number } {
  return issue.validUntil <= asOf
    ? { status: 'expired', since: issue.validUntil }
    : { status: 'valid', since: issue.issuedOn };
}

function toDocument(
  ctx: GenerationContext,
  issue: Issue,
  status: DocumentStatus,
  since: number,
): IdentityDocument {
  // Members in the order jsonb keeps them (see toPersonRecord).
  return {
    type: issue.type,
    issuer: ISSUER,
    number: ctx.serials.document(issue.prefix),
    status,
    issuedOn: isoDate(issue.issuedOn),
    validUntil: isoDate(issue.validUntil),
    statusSince: isoDate(since),
  };
}

/** A document valid for `years`, issued on a day in [from, to]. */
function issueBetween(
  ctx: GenerationContext,
  type: DocumentType,
  prefix: string,
  from: number,
  to: number,
  years: number,
): Issue {
  const issuedOn = to <= from ? from : ctx.random.int(from, to);
  return { type, prefix, issuedOn, validUntil: addYears(issuedOn, years) };
}

/** Residence permits (and EU registration certificates) renewed every period since registration. */
function permits(person: PersonDraft, asOf: number): Issue[] {
  const isEu = person.origin.isEuCitizen;
  const [type, prefix, years] = isEu
    ? (['eu-registration-certificate', 'ES', 10] as const)
    : (['residence-permit', 'RP', 5] as const);
  const issues: Issue[] = [];
  for (let issuedOn = person.registeredDay; issuedOn <= asOf; issuedOn = addYears(issuedOn, years)) {
    issues.push({ type, prefix, issuedOn, validUntil: addYears(issuedOn, years) });
  }
  return issues.slice(-2);
}

/** Passport and identity card of a citizen or non-citizen, the current ones first. */
function latvianDocuments(ctx: GenerationContext, person: PersonDraft, asOf: number): Issue[] {
  const random = ctx.random;
  const age = ageOn(person.birthDay, asOf);
  const passportPrefix = person.legalStatus === 'non-citizen' ? 'LN' : 'LV';
  const issues: Issue[] = [];
  if (age >= 15 && random.chance(0.85)) {
    const from = Math.max(addYears(person.birthDay, 15), asOf - 5 * DAYS_PER_YEAR + 1);
    issues.push(issueBetween(ctx, 'id-card', 'PA', from, asOf, 5));
  }
  if (random.chance(age < 15 ? 0.3 : PASSPORT_SHARE)) {
    const issue = issueBetween(
      ctx,
      'passport',
      passportPrefix,
      Math.max(person.birthDay, asOf - 12 * DAYS_PER_YEAR),
      asOf,
      10,
    );
    // Passports of minors are valid for five years.
    issues.push(
      ageOn(person.birthDay, issue.issuedOn) < 18
        ? { ...issue, validUntil: addYears(issue.issuedOn, 5) }
        : issue,
    );
  }
  return issues;
}

/** An earlier document that was replaced, lost, stolen or simply ran out. */
function earlierDocument(
  ctx: GenerationContext,
  person: PersonDraft,
  before: number,
  asOf: number,
): IdentityDocument | null {
  const from = addYears(person.birthDay, 16);
  if (before - DAYS_PER_YEAR <= from) return null;
  const issue = issueBetween(
    ctx,
    ctx.random.chance(0.5) ? 'passport' : 'id-card',
    'LV',
    from,
    before - DAYS_PER_YEAR,
    10,
  );
  const draw = ctx.random.next();
  const end = Math.min(issue.validUntil, asOf);
  if (draw < 0.1) return toDocument(ctx, issue, 'lost', ctx.random.int(issue.issuedOn, end));
  if (draw < 0.15) return toDocument(ctx, issue, 'stolen', ctx.random.int(issue.issuedOn, end));
  if (issue.validUntil > before) return toDocument(ctx, issue, 'invalid', before);
  return toDocument(ctx, issue, 'expired', issue.validUntil);
}

/** The person's documents on `today` (or on the day of death, after which valid ones are invalid). */
export function documentsFor(ctx: GenerationContext, person: PersonDraft): IdentityDocument[] {
  const asOf = person.deathDay ?? ctx.today;
  const isForeign = person.origin.country !== null;
  const issues = isForeign ? permits(person, asOf) : latvianDocuments(ctx, person, asOf);
  const documents = issues.map((issue) => {
    const natural = naturalStatus(issue, asOf);
    const diedHolding = person.deathDay !== null && natural.status === 'valid';
    return diedHolding
      ? toDocument(ctx, issue, 'invalid', asOf)
      : toDocument(ctx, issue, natural.status, natural.since);
  });
  const firstIssue = Math.min(...issues.map((issue) => issue.issuedOn));
  if (!isForeign && issues.length > 0 && ctx.random.chance(EARLIER_DOCUMENT_SHARE)) {
    const earlier = earlierDocument(ctx, person, firstIssue, asOf);
    if (earlier) documents.push(earlier);
  }
  return documents;
}
