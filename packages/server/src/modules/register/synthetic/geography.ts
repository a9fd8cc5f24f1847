import { faker } from '@faker-js/faker/locale/lv';
import { type Place, places, unitAtvk } from './places';
import { type Random, weightedTable } from './random';

/** An address of the State Address Register as a person's record holds it (without dates). */
export interface AddressValue {
  readonly addressCode: string;
  readonly text: string;
  readonly postcode: string;
  readonly atvk: string;
}

/**
 * Synthetic address codes: 9 digits, `1` + the place's index (2 digits) + a local number (6 digits)
 * that encodes street, house and flat (below 900000) or parish, homestead and flat (from 900000).
 * Real codes are opaque and carry no such structure; these are labelled synthetic by construction
 * and are a bijection of the address parts, so one address text always has one code and vice versa.
 */
interface UrbanLayout {
  readonly streets: readonly string[];
  readonly houses: number;
  /** Flat numbers 1…flats-1; 0 means a house without flats. */
  readonly flats: number;
}

const RURAL_BASE = 900_000;
const RURAL_PER_PARISH = 25_000;
const RURAL_FLATS = 60;

function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

const rigaStreetParts = faker.rawDefinitions.location?.street_name_part ?? [];
// The suffix follows from the position so that a street keeps its name in every population.
const rigaStreets = rigaStreetParts.map(
  (part, i) => `${part} ${i % 23 === 5 ? 'gatve' : i % 29 === 7 ? 'bulvāris' : 'iela'}`,
);
const townStreets = [
  ...words(`
    Skolas Rīgas Brīvības Dārza Pils Stacijas Baznīcas Meža Pļavas Lielā Ezera Upes Parka Jaunā Avotu
    Liepu Bērzu Ozolu Saules Raiņa Blaumaņa Tirgus Fabrikas Sporta Zaļā Dzirnavu Ceriņu Kalna Līgo Pasta
    Ausekļa Smilšu Miera Vienības Lāčplēša Rūpniecības Celtnieku Mazā Kalēju`),
  'Krišjāņa Barona',
].map((name) => `${name} iela`);

const homesteadBases = words(`
  Ozoli Liepas Bērzi Kalnieši Lejnieki Priedes Egles Ābeles Kļavas Oši Vītoli Krasti Avoti Ezermalas
  Upmalas Pļavas Druvas Lauki Sili Meži Birzes Dārziņi Saulītes Rasas Zīles Dzērves Strazdi Cīruļi Lazdas
  Ievas Irbes Vanagi Stārķi Mežmalas Rudzi Miezīši Kārkli Kadiķi Smilgas Ziedi Tīrumi Grāvji Dzirnavas
  Ceļmalas Kalnāji Lejas Purvi Sētas`);
const homesteadPrefixes = ['', 'Jaun', 'Vec', 'Lejas', 'Augš', 'Mež', 'Liel', 'Maz'];
const homesteads = homesteadPrefixes.flatMap((prefix) =>
  homesteadBases.map((base) => (prefix === '' ? base : `${prefix}${base.toLowerCase()}`)),
);

const rigaLayout: UrbanLayout = { streets: rigaStreets, houses: 50, flats: 52 };
const townLayout: UrbanLayout = { streets: townStreets, houses: 120, flats: 60 };

function layoutOf(place: Place): UrbanLayout {
  return place.index === 0 ? rigaLayout : townLayout;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function codeOf(place: Place, local: number): string {
  return `1${pad(place.index, 2)}${pad(local, 6)}`;
}

function postcodeText(postcode: number): string {
  return `LV-${pad(postcode, 4)}`;
}

function flatSuffix(flat: number): string {
  return flat === 0 ? '' : ` - ${flat}`;
}

function urbanAddress(place: Place, street: number, house: number, flat: number): AddressValue {
  const layout = layoutOf(place);
  const [first, last] = place.postcodes;
  // A state city spreads its postcodes over its streets; a novads town has one.
  const postcode = postcodeText(place.kind === 'city' ? first + (street % (last - first + 1)) : first);
  const area = place.kind === 'city' ? place.town : `${place.town}, ${place.name}`;
  const text = `${layout.streets[street]} ${house}${flatSuffix(flat)}, ${area}, ${postcode}`;
  const local = (street * layout.houses + (house - 1)) * layout.flats + flat;
  return { atvk: unitAtvk(place, null), text, postcode, addressCode: codeOf(place, local) };
}

function ruralAddress(place: Place, parish: number, homestead: number, flat: number): AddressValue {
  const postcode = postcodeText(place.postcodes[0] + 1 + parish);
  const name = `"${homesteads[homestead]}"${flatSuffix(flat)}`;
  const text = `${name}, ${place.parishes[parish]}, ${place.name}, ${postcode}`;
  const local = RURAL_BASE + parish * RURAL_PER_PARISH + flat * homesteads.length + homestead;
  return { atvk: unitAtvk(place, parish), text, postcode, addressCode: codeOf(place, local) };
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

const strides = new Map<number, number>();

/** A multiplier coprime to `size`: k ↦ k·step mod size then visits every slot once. */
function strideFor(size: number): number {
  const known = strides.get(size);
  if (known !== undefined) return known;
  let step = 2_654_435_761 % size;
  while (greatestCommonDivisor(step, size) !== 1) step += 1;
  strides.set(size, step);
  return step;
}

const residentsTable = weightedTable(places.map((place) => [place, place.residents] as const));
const RURAL_SHARE_OF_NOVADS = 0.45;

/**
 * Hands out addresses. A household's home comes from a per-place counter walked through a
 * permutation, so homes are scattered yet distinct until the place is full; a household shares
 * its one address code, which is what lets a query by address find a family.
 */
export class AddressAllocator {
  private readonly homesIssued = new Map<string, number>();

  constructor(private readonly random: Random) {}

  /** A place, weighted by its residents (Rīga about a third). */
  place(): Place {
    return this.random.weighted(residentsTable);
  }

  /** A home for a new household. */
  home(place: Place): AddressValue {
    if (place.kind === 'novads' && this.random.chance(RURAL_SHARE_OF_NOVADS)) return this.ruralHome(place);
    const layout = layoutOf(place);
    const size = layout.streets.length * layout.houses * layout.flats;
    const slot = (this.nextHome(`${place.index}`) * strideFor(size)) % size;
    const rest = Math.floor(slot / layout.flats);
    return urbanAddress(
      place,
      Math.floor(rest / layout.houses),
      1 + (rest % layout.houses),
      slot % layout.flats,
    );
  }

  /** Any address of the place, for earlier or additional addresses: strangers may share it. */
  any(place: Place): AddressValue {
    const random = this.random;
    if (place.kind === 'novads' && random.chance(RURAL_SHARE_OF_NOVADS)) {
      return ruralAddress(
        place,
        random.int(0, place.parishes.length - 1),
        random.int(0, homesteads.length - 1),
        0,
      );
    }
    const layout = layoutOf(place);
    const flat = random.chance(0.2) ? 0 : random.int(1, layout.flats - 1);
    return urbanAddress(place, random.int(0, layout.streets.length - 1), random.int(1, layout.houses), flat);
  }

  // Farmsteads first go whole to a household; only a full parish starts numbering flats in them.
  private ruralHome(place: Place): AddressValue {
    const parish = this.random.int(0, place.parishes.length - 1);
    const issued = this.nextHome(`${place.index}:${parish}`) % (homesteads.length * RURAL_FLATS);
    const homestead = (issued * strideFor(homesteads.length)) % homesteads.length;
    return ruralAddress(place, parish, homestead, Math.floor(issued / homesteads.length));
  }

  private nextHome(key: string): number {
    const issued = this.homesIssued.get(key) ?? 0;
    this.homesIssued.set(key, issued + 1);
    return issued;
  }
}
