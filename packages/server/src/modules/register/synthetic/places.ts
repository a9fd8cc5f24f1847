/**
 * The 43 territories of the 2021 reform (DOMAIN §5): 7 state cities and 36 novadi. ATVK codes
 * follow the ATVK 2021 structure (positions 3–4 the territory: 01–19 state cities, 20–99 novadi;
 * positions 5–6 the unit: 20–39 towns, 40–99 parishes); the novadi numbers are assigned in
 * alphabetical order within DOMAIN's 0020000–0056000 range and are synthetic, as are the postcode
 * ranges, which only look plausible for the place.
 */
export interface Place {
  /** Position in `places`; part of every synthetic address code of the place. */
  readonly index: number;
  readonly kind: 'city' | 'novads';
  /** `Rīga` for a state city, `Siguldas nov.` for a novads. */
  readonly name: string;
  /** The town where a novads' urban addresses lie (the city itself for a state city). */
  readonly town: string;
  /** Genitive stem for office names: `Siguldas novada Dzimtsarakstu nodaļa`. */
  readonly genitive: string;
  readonly atvk: string;
  /** Thousands of residents, the weight of the place in a generated population. */
  readonly residents: number;
  readonly postcodes: readonly [number, number];
  /** Rural parishes (`Mores pag.`); empty for a state city. */
  readonly parishes: readonly string[];
}

type CityRow = readonly [name: string, genitive: string, residents: number, first: number, last: number];
type NovadsRow = readonly [
  genitive: string,
  town: string,
  residents: number,
  postcode: number,
  parishes: string,
];

const cityRows: readonly CityRow[] = [
  ['Rīga', 'Rīgas', 605, 1001, 1084],
  ['Daugavpils', 'Daugavpils', 78, 5401, 5422],
  ['Jelgava', 'Jelgavas', 55, 3001, 3008],
  ['Jūrmala', 'Jūrmalas', 50, 2008, 2016],
  ['Liepāja', 'Liepājas', 67, 3401, 3417],
  ['Rēzekne', 'Rēzeknes', 27, 4601, 4604],
  ['Ventspils', 'Ventspils', 33, 3601, 3602],
];

const novadsRows: readonly NovadsRow[] = [
  ['Ādažu', 'Ādaži', 22, 2164, 'Ādažu,Carnikavas'],
  ['Aizkraukles', 'Aizkraukle', 30, 5101, 'Aizkraukles,Kokneses,Skrīveru'],
  ['Alūksnes', 'Alūksne', 13, 4301, 'Alsviķu,Jaunannas,Ziemera'],
  ['Augšdaugavas', 'Ilūkste', 25, 5447, 'Naujenes,Kalkūnes,Bebrenes'],
  ['Balvu', 'Balvi', 19, 4501, 'Bērzkalnes,Kubulu,Vīksnas'],
  ['Bauskas', 'Bauska', 43, 3901, 'Ceraukstes,Vecsaules,Mežotnes'],
  ['Cēsu', 'Cēsis', 40, 4101, 'Priekuļu,Vaives,Liepas'],
  ['Dienvidkurzemes', 'Grobiņa', 33, 3430, 'Grobiņas,Nīcas,Vaiņodes'],
  ['Dobeles', 'Dobele', 28, 3701, 'Auru,Tērvetes,Bērzes'],
  ['Gulbenes', 'Gulbene', 19, 4401, 'Beļavas,Stāmerienas,Lizuma'],
  ['Jelgavas', 'Ozolnieki', 44, 3018, 'Ozolnieku,Svētes,Valgundes'],
  ['Jēkabpils', 'Jēkabpils', 43, 5201, 'Rubenes,Aknīstes,Salas'],
  ['Krāslavas', 'Krāslava', 22, 5601, 'Kaplavas,Izvaltas,Dagdas'],
  ['Kuldīgas', 'Kuldīga', 30, 3301, 'Rumbas,Padures,Skrundas'],
  ['Ķekavas', 'Ķekava', 30, 2123, 'Ķekavas,Baldones,Daugmales'],
  ['Limbažu', 'Limbaži', 31, 4001, 'Katvaru,Umurgas,Salacgrīvas'],
  ['Līvānu', 'Līvāni', 11, 5316, 'Rožupes,Turku,Jersikas'],
  ['Ludzas', 'Ludza', 22, 5701, 'Cirmas,Nirzas,Pildas'],
  ['Madonas', 'Madona', 32, 4801, 'Lazdonas,Praulienas,Ērgļu'],
  ['Mārupes', 'Mārupe', 40, 2167, 'Babītes,Salas'],
  ['Ogres', 'Ogre', 56, 5001, 'Ogresgala,Madlienas,Tīnūžu'],
  ['Olaines', 'Olaine', 20, 2114, 'Olaines'],
  ['Preiļu', 'Preiļi', 17, 5301, 'Aizkalnes,Saunas,Riebiņu'],
  ['Rēzeknes', 'Viļāni', 30, 4650, 'Kaunatas,Maltas,Ozolaines'],
  ['Ropažu', 'Vangaži', 33, 2136, 'Ropažu,Stopiņu,Garkalnes'],
  ['Salaspils', 'Salaspils', 24, 2121, 'Salaspils'],
  ['Saldus', 'Saldus', 28, 3801, 'Zaņas,Jaunauces,Nīgrandes'],
  ['Saulkrastu', 'Saulkrasti', 6, 2160, 'Sējas,Saulkrastu'],
  ['Siguldas', 'Sigulda', 31, 2150, 'Mores,Allažu,Mālpils'],
  ['Smiltenes', 'Smiltene', 18, 4729, 'Blomes,Launkalnes,Palsmanes'],
  ['Talsu', 'Talsi', 38, 3201, 'Laidzes,Lībagu,Valdgales'],
  ['Tukuma', 'Tukums', 42, 3101, 'Slampes,Irlavas,Degoles'],
  ['Valkas', 'Valka', 8, 4701, 'Ērģemes,Kārķu,Vijciema'],
  ['Valmieras', 'Valmiera', 52, 4201, 'Kocēnu,Brenguļu,Trikātas'],
  ['Varakļānu', 'Varakļāni', 3, 4838, 'Murmastienes,Varakļānu'],
  ['Ventspils', 'Piltene', 11, 3620, 'Ances,Puzes,Užavas'],
];

const FIRST_NOVADS_TERRITORY = 20;

function cityPlace([name, genitive, residents, first, last]: CityRow, index: number): Place {
  const atvk = `000${index + 1}000`;
  return {
    index,
    kind: 'city',
    name,
    town: name,
    genitive,
    atvk,
    residents,
    postcodes: [first, last],
    parishes: [],
  };
}

function novadsPlace([genitive, town, residents, postcode, parishes]: NovadsRow, position: number): Place {
  const atvk = `00${FIRST_NOVADS_TERRITORY + position}000`;
  // A novads' parishes get postcodes just above its town's: synthetic but stable.
  const parishList = parishes.split(',').map((parish) => `${parish} pag.`);
  const postcodes = [postcode, postcode + parishList.length] as const;
  const index = cityRows.length + position;
  return {
    index,
    kind: 'novads',
    name: `${genitive} nov.`,
    town,
    genitive,
    atvk,
    residents,
    postcodes,
    parishes: parishList,
  };
}

export const places: readonly Place[] = [...cityRows.map(cityPlace), ...novadsRows.map(novadsPlace)];

/** ATVK code of a unit of a novads: its town (`…20…`) or its n-th parish (`…40…` onwards). */
export function unitAtvk(place: Place, parish: number | null): string {
  if (place.kind === 'city') return place.atvk;
  const unit = parish === null ? 20 : 40 + parish;
  return `${place.atvk.slice(0, 4)}${unit}0`;
}

/** The registry office that registers births and deaths of the place. */
export function registryOfficeOf(place: Place): string {
  return `${place.genitive} ${place.kind === 'city' ? 'pilsētas' : 'novada'} Dzimtsarakstu nodaļa`;
}
