import {
  environments,
  type InvalidParam,
  isScopeName,
  type PurposeInput,
  purposeChannels,
  scopeFields,
} from '@fpr/contract';

/** What the organisation asked for in its request: a purpose may grant no more. */
export interface RequestedAccess {
  /** Per scope: the whole scope (no fields) or only the listed `scope.field` paths. */
  scopes: readonly { scope: string; fields?: readonly string[] }[];
  channels: readonly string[];
  environments: readonly string[];
  wantsMonitoring: boolean;
}

/**
 * Every problem of the purposes to grant, named `purposes[2].fields[0]`. With `requested`, each grant
 * must stay within the request (activation); without it, only the catalogue binds (an amendment is
 * itself the new agreement, DOMAIN §3: "amended (new purposes, new scopes)").
 */
export function purposeIssues(
  purposes: readonly PurposeInput[],
  requested: RequestedAccess | null,
  path = 'purposes',
): InvalidParam[] {
  return purposes.flatMap((purpose, index) => issuesOfPurpose(purpose, requested, `${path}[${index}]`));
}

function issuesOfPurpose(
  purpose: PurposeInput,
  requested: RequestedAccess | null,
  name: string,
): InvalidParam[] {
  return [
    ...textIssues(purpose, name),
    ...grantIssues(purpose, requested, name),
    ...listIssues(purpose.channels, purposeChannels, requested?.channels, `${name}.channels`),
    ...listIssues(purpose.environments, environments, requested?.environments, `${name}.environments`),
    ...monitoringIssues(purpose, requested, name),
    ...dateIssues(purpose, name),
    ...territoryIssues(purpose.populationTerritories ?? [], `${name}.populationTerritories`),
  ];
}

/**
 * A declared population names territories of ATVK 2021 (DOMAIN §5): the first four digits are the
 * municipality — the state cities 0001–0007, the novadi 0020–0056 — and a code ending in 000 is the
 * whole municipality, so a town or parish inside one listed whole adds nothing.
 */
function territoryIssues(codes: readonly string[], name: string): InvalidParam[] {
  return codes.flatMap((code, index): InvalidParam[] => {
    const itemName = `${name}[${index}]`;
    const municipality = Number(code.slice(0, 4));
    const isKnown = (municipality >= 1 && municipality <= 7) || (municipality >= 20 && municipality <= 56);
    if (!isKnown)
      return [{ name: itemName, code: 'unknownTerritory', reason: 'is no municipality of ATVK 2021' }];
    const whole = `${code.slice(0, 4)}000`;
    if (code !== whole && codes.includes(whole))
      return [{ name: itemName, code: 'covered', reason: `lies inside ${whole}, listed whole` }];
    return [];
  });
}

function textIssues(purpose: PurposeInput, name: string): InvalidParam[] {
  const issues: InvalidParam[] = [];
  if (purpose.legalBasis.trim() === '')
    issues.push({ name: `${name}.legalBasis`, code: 'blank', reason: 'must name the legal basis' });
  if (purpose.purpose.trim() === '')
    issues.push({ name: `${name}.purpose`, code: 'blank', reason: 'must describe the purpose' });
  return issues;
}

function grantIssues(purpose: PurposeInput, requested: RequestedAccess | null, name: string): InvalidParam[] {
  const scopes = purpose.scopes ?? [];
  const fields = purpose.fields ?? [];
  if (scopes.length === 0 && fields.length === 0)
    return [{ name: `${name}.scopes`, code: 'required', reason: 'grant at least one scope or field' }];
  return [
    ...scopes.flatMap((scope, index) =>
      scopeIssue(scope, index, scopes, requested, `${name}.scopes[${index}]`),
    ),
    ...fields.flatMap((field, index) =>
      fieldIssue(field, index, { fields, scopes }, requested, `${name}.fields[${index}]`),
    ),
  ];
}

function scopeIssue(
  scope: string,
  index: number,
  scopes: readonly string[],
  requested: RequestedAccess | null,
  name: string,
): InvalidParam[] {
  if (!isScopeName(scope)) return [{ name, code: 'unknownScope', reason: 'is not a scope of the catalogue' }];
  if (scopes.indexOf(scope) !== index) return [{ name, code: 'duplicate', reason: 'is listed twice' }];
  if (requested && !isWholeScopeRequested(scope, requested))
    return [{ name, code: 'notRequested', reason: 'the request did not ask for this whole scope' }];
  return [];
}

function fieldIssue(
  field: string,
  index: number,
  grant: { fields: readonly string[]; scopes: readonly string[] },
  requested: RequestedAccess | null,
  name: string,
): InvalidParam[] {
  const [scope = '', fieldName = ''] = field.split('.');
  if (!isFieldPath(scope, fieldName) || field.split('.').length !== 2)
    return [{ name, code: 'unknownFieldPath', reason: 'is not a scope.field path of the catalogue' }];
  if (grant.fields.indexOf(field) !== index) return [{ name, code: 'duplicate', reason: 'is listed twice' }];
  if (grant.scopes.includes(scope))
    return [{ name, code: 'redundant', reason: 'its whole scope is already granted' }];
  if (requested && !isFieldRequested(scope, field, requested))
    return [{ name, code: 'notRequested', reason: 'the request did not ask for this field' }];
  return [];
}

function isFieldPath(scope: string, field: string): boolean {
  return isScopeName(scope) && (scopeFields[scope] as readonly string[]).includes(field);
}

/** Request fields are `scope.field` paths; a bare field name is read as a field of its scope. */
function requestedFieldsOf(scope: string, requested: RequestedAccess): readonly string[] | 'whole' | 'none' {
  const entry = requested.scopes.find((candidate) => candidate.scope === scope);
  if (!entry) return 'none';
  if (!entry.fields || entry.fields.length === 0) return 'whole';
  return entry.fields.map((field) => (field.includes('.') ? field : `${scope}.${field}`));
}

function isWholeScopeRequested(scope: string, requested: RequestedAccess): boolean {
  return requestedFieldsOf(scope, requested) === 'whole';
}

function isFieldRequested(scope: string, field: string, requested: RequestedAccess): boolean {
  const fields = requestedFieldsOf(scope, requested);
  return fields === 'whole' || (fields !== 'none' && fields.includes(field));
}

function listIssues(
  values: readonly string[],
  allowed: readonly string[],
  requested: readonly string[] | undefined,
  name: string,
): InvalidParam[] {
  if (values.length === 0) return [{ name, code: 'required', reason: 'name at least one' }];
  return values.flatMap((value, index): InvalidParam[] => {
    const itemName = `${name}[${index}]`;
    if (!allowed.includes(value))
      return [{ name: itemName, code: 'enum', reason: `must be one of ${allowed.join(', ')}` }];
    if (values.indexOf(value) !== index)
      return [{ name: itemName, code: 'duplicate', reason: 'is listed twice' }];
    if (requested && !requested.includes(value))
      return [{ name: itemName, code: 'notRequested', reason: 'the request did not ask for it' }];
    return [];
  });
}

function monitoringIssues(
  purpose: PurposeInput,
  requested: RequestedAccess | null,
  name: string,
): InvalidParam[] {
  if (!purpose.monitoring || !requested || requested.wantsMonitoring) return [];
  return [
    { name: `${name}.monitoring`, code: 'notRequested', reason: 'the request did not ask for monitoring' },
  ];
}

function dateIssues(purpose: PurposeInput, name: string): InvalidParam[] {
  const issues: InvalidParam[] = [];
  const validFrom = checkedDate(purpose.validFrom, `${name}.validFrom`, issues);
  const validTo = checkedDate(purpose.validTo, `${name}.validTo`, issues);
  const disclosureDate = checkedDate(purpose.disclosureDate, `${name}.disclosureDate`, issues);
  if (validFrom && validTo && validTo < validFrom)
    issues.push({ name: `${name}.validTo`, code: 'dateOrder', reason: 'must not be before validFrom' });
  issues.push(...covertIssues(purpose, { validFrom, disclosureDate }, name));
  return issues;
}

/** Queries under a covert purpose are hidden from the data subject until a known day, never for ever. */
function covertIssues(
  purpose: PurposeInput,
  dates: { validFrom: string | undefined; disclosureDate: string | undefined },
  name: string,
): InvalidParam[] {
  const field = `${name}.disclosureDate`;
  if (purpose.covert !== true) {
    return purpose.disclosureDate === undefined
      ? []
      : [{ name: field, code: 'notCovert', reason: 'only a covert purpose has a disclosure date' }];
  }
  if (purpose.disclosureDate === undefined)
    return [{ name: field, code: 'required', reason: 'a covert purpose needs a disclosure date' }];
  if (dates.validFrom && dates.disclosureDate && dates.disclosureDate < dates.validFrom)
    return [{ name: field, code: 'dateOrder', reason: 'must not be before validFrom' }];
  return [];
}

/** The date when it names a real day; otherwise undefined, and an issue when one was given. */
function checkedDate(value: string | undefined, name: string, issues: InvalidParam[]): string | undefined {
  if (value === undefined) return undefined;
  if (isCalendarDate(value)) return value;
  issues.push({ name, code: 'date', reason: 'must be a real calendar date, YYYY-MM-DD' });
  return undefined;
}

/** `YYYY-MM-DD` naming a day that exists (no 31 April). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Every problem of the purposes an amendment withdraws: each must be a live purpose of this contract. */
export function withdrawalIssues(
  ids: readonly string[],
  purposes: readonly { id: string; status: string }[],
  path = 'withdrawPurposeIds',
): InvalidParam[] {
  return ids.flatMap((id, index): InvalidParam[] => {
    const name = `${path}[${index}]`;
    if (ids.indexOf(id) !== index) return [{ name, code: 'duplicate', reason: 'is listed twice' }];
    const purpose = purposes.find((candidate) => candidate.id === id);
    if (!purpose) return [{ name, code: 'unknownPurpose', reason: 'is not a purpose of this contract' }];
    if (purpose.status === 'withdrawn')
      return [{ name, code: 'alreadyWithdrawn', reason: 'the purpose is already withdrawn' }];
    return [];
  });
}
