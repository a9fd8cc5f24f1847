import { generateNewPersonalCode, generateOldPersonalCode } from '@fpr/contract';
import { isoDate } from './dates';
import type { Random } from './random';

/** Old-format codes were issued until 30.06.2017, new `32…` codes since 01.07.2017 (DOMAIN §5). */
export const NEW_CODES_FROM = Date.UTC(2017, 6, 1) / 86_400_000;
/** Share of persons holding an old code who changed it to a new one. */
const CHANGED_CODE_SHARE = 0.05;
// A saturated birth date (about 910 usable serials) must fail loudly rather than loop forever.
const MAX_ATTEMPTS = 10_000;

export interface IssuedCodes {
  readonly personalCode: string;
  readonly previousPersonalCodes: string[];
}

/** Issues personal codes that are unique within one population, current and previous alike. */
export class PersonalCodeIssuer {
  // Codes kept as numbers (11 digits fit a double exactly): half the memory of strings at 1M persons.
  private readonly issued = new Set<number>();
  private readonly source: () => number;

  constructor(private readonly random: Random) {
    this.source = () => random.next();
  }

  /** Codes for a person first registered on `registeredDay` (birth in Latvia or arrival). */
  forPerson(birthDay: number, registeredDay: number): IssuedCodes {
    if (registeredDay >= NEW_CODES_FROM) return { personalCode: this.newCode(), previousPersonalCodes: [] };
    const old = this.unique(() => generateOldPersonalCode(isoDate(birthDay), this.source));
    if (!this.random.chance(CHANGED_CODE_SHARE)) return { personalCode: old, previousPersonalCodes: [] };
    return { personalCode: this.newCode(), previousPersonalCodes: [old] };
  }

  private newCode(): string {
    return this.unique(() => generateNewPersonalCode(this.source));
  }

  private unique(generate: () => string): string {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const code = generate();
      const key = Number(code.replace('-', ''));
      if (!this.issued.has(key)) {
        this.issued.add(key);
        return code;
      }
    }
    throw new Error('personal codes for one birth date are exhausted: generate fewer persons');
  }
}
