import { type Environment, foldName, type PersonRecord } from '@fpr/contract';
import { type PersonKey, personKeyOf } from '../person-key';
import { PersonalCodeIssuer } from './codes';
import { dayOf } from './dates';
import { AddressAllocator } from './geography';
import { generateHousehold } from './household';
import type { GenerationContext } from './person-draft';
import { type EarlierHomes, toPersonRecord } from './person-record';
import { deriveSeed, Random } from './random';
import { SerialNumbers } from './serials';

export interface PopulationOptions {
  environment: Environment;
  /** Exactly this many persons are generated. */
  persons: number;
  seed: number;
  /** The population's "today" (`YYYY-MM-DD`): no date lies after it; the clock is never read. */
  today: string;
}

/** A generated person: the full record plus the key columns of the `person` table. */
export interface GeneratedPerson extends PersonKey {
  record: PersonRecord;
}

// Names repeat endlessly in a population; folding each distinct one once saves most of the work.
const foldedNames = new Map<string, string>();

function folded(name: string): string {
  let result = foldedNames.get(name);
  if (result === undefined) {
    result = foldName(name);
    foldedNames.set(name, result);
  }
  return result;
}

// The key gains its record as a property rather than through a spread: spreads are slow at this rate.
function toGenerated(record: PersonRecord): GeneratedPerson {
  const generated: PersonKey & { record?: PersonRecord } = personKeyOf(record, folded);
  generated.record = record;
  return generated as GeneratedPerson;
}

function createContext(options: PopulationOptions): GenerationContext {
  if (!Number.isSafeInteger(options.persons) || options.persons < 0) {
    throw new RangeError('persons must be a non-negative integer');
  }
  // Each environment draws its own stream: the test and production datasets differ for one seed.
  const random = new Random(deriveSeed(options.seed, options.environment));
  return {
    random,
    today: dayOf(options.today),
    addresses: new AddressAllocator(random),
    codes: new PersonalCodeIssuer(random),
    serials: new SerialNumbers(),
    left: options.persons,
  };
}

/**
 * A synthetic population of exactly `persons` persons, streamed household by household: memory
 * stays constant per household (apart from the set of issued personal codes), and every relation
 * points at a person of the same population. The same options give the same persons, byte for byte.
 */
export function* generatePopulation(options: PopulationOptions): Generator<GeneratedPerson> {
  const ctx = createContext(options);
  while (ctx.left > 0) {
    const household = generateHousehold(ctx);
    const homes: EarlierHomes = new Map();
    for (const person of household) yield toGenerated(toPersonRecord(ctx, person, homes));
  }
}
