import { faker } from '@faker-js/faker/locale/lv';

/** A surname in both grammatical genders: Latvian surnames agree with the bearer's sex. */
export interface SurnamePair {
  readonly male: string;
  readonly female: string;
}

/** Names of one naming tradition (Latvian, Russian-speaking, …) as plain arrays to pick from. */
export interface NamePool {
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly surnames: readonly SurnamePair[];
}

// Surnames whose feminine form no ending rule predicts.
const irregularFeminine: ReadonlyMap<string, string> = new Map([
  ['Pērkons', 'Pērkona'],
  ['Vaivads', 'Vaivade'],
  ['Vasils', 'Vasile'],
  ['Čudars', 'Čudara'],
]);

// Ordered: the first matching ending wins, so the specific endings come before `-s`.
const feminineEndings: ReadonlyArray<readonly [string, string]> = [
  ['skis', 'ska'], // Dombrovskis → Dombrovska
  ['nieks', 'niece'], // Birznieks → Birzniece
  ['kalns', 'kalne'], // Rožkalns → Rožkalne
  ['is', 'e'], // Balodis → Balode, Pakalnietis → Pakalniete
  ['š', 'a'], // Bērziņš → Bērziņa
  ['ons', 'one'], // Jansons → Jansone
  ['āns', 'āne'], // Teicāns → Teicāne
  ['ūns', 'ūne'], // Gasjūns → Gasjūne
  ['rs', 're'], // Meiers → Meiere
  ['ts', 'te'], // Bērzīts → Bērzīte
  ['s', 'a'], // Ozols → Ozola, Ivanovs → Ivanova
];

/** The feminine form of a masculine surname; forms without a gendered ending (-enko) stay as they are. */
export function feminineSurname(male: string): string {
  const irregular = irregularFeminine.get(male);
  if (irregular !== undefined) return irregular;
  for (const [ending, replacement] of feminineEndings) {
    if (male.endsWith(ending)) return male.slice(0, -ending.length) + replacement;
  }
  return male;
}

/** The surname in the form that agrees with the bearer's sex. */
export function surnameFor(pair: SurnamePair, sex: 'M' | 'F'): string {
  return sex === 'M' ? pair.male : pair.female;
}

/** Splits a whitespace-separated list: keeps long name lists compact and readable. */
function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

function pairsOf(males: readonly string[]): SurnamePair[] {
  return males.map((male) => ({ male, female: feminineSurname(male) }));
}

/** Repeats common entries so that a uniform pick favours them, as real name frequencies do. */
function weightedList(common: readonly string[], times: number, rest: readonly string[]): string[] {
  return [...Array.from({ length: times }, () => common).flat(), ...rest];
}

const fakerPerson = faker.rawDefinitions.person;
const fakerMaleGiven = fakerPerson?.first_name?.male ?? [];
const fakerFemaleGiven = fakerPerson?.first_name?.female ?? [];
// Faker's masculine list holds a few indeclinable forms (Caune, Grūbe) that have no gendered pair.
const fakerMaleSurnames = (fakerPerson?.last_name?.male ?? []).filter(
  (s) => s.endsWith('s') || s.endsWith('š'),
);

/** Faker's `lv` lists lack the most common names of the register (DOMAIN §8). */
const commonLatvianMale = words(`
  Jānis Juris Andris Aivars Roberts Mārtiņš Kārlis Edgars Guntis Aigars Valdis Raimonds Normunds
  Oskars Ralfs Gints Uldis Imants Kristaps Rihards Markuss Dāvis Gatis Artis Ivars Agris Ainārs
  Māris Pēteris Artūrs
`);
const commonLatvianFemale = words(`
  Anna Ilze Inese Laura Linda Kristīne Līga Sandra Inga Dace Ieva Elīna Marija Zane Evija Agnese
  Sofija Alise Marta Elza Santa Baiba Daiga Gunta Aija Vija Rita Ausma Dzintra Biruta
`);
const commonLatvianSurnames = words(`
  Bērziņš Kalniņš Ozoliņš Jansons Ozols Liepiņš Krūmiņš Balodis Eglītis Zariņš Pētersons Vītols
  Kļaviņš Kārkliņš Vanags Lācis Siliņš Kalējs Zālītis Sproģis
`);

export const latvianNames: NamePool = {
  male: weightedList(commonLatvianMale, 4, fakerMaleGiven),
  female: weightedList(commonLatvianFemale, 4, fakerFemaleGiven),
  surnames: pairsOf(weightedList(commonLatvianSurnames, 3, fakerMaleSurnames)),
};

/** Russian-speaking residents, names in their Latvian spelling (as the register writes them). */
export const russophoneNames: NamePool = {
  male: words(`
  Aleksandrs Sergejs Andrejs Dmitrijs Vladimirs Aleksejs Jurijs Igors Nikolajs Mihails Ivans Olegs
  Viktors Deniss Maksims Artjoms Jevgeņijs Pāvels Romāns Konstantīns Vadims Valērijs Vitālijs
  Antons Kirils Daniils
`),
  female: words(`
  Jeļena Olga Tatjana Natālija Irina Svetlana Jūlija Anna Marina Ludmila Galina Valentīna
  Jekaterina Anastasija Oksana Viktorija Larisa Nadežda Ņina Darja Alīna Sofija Kristīna Veronika
  Polina Ksenija
`),
  surnames: pairsOf(
    words(`
  Ivanovs Petrovs Smirnovs Kuzņecovs Popovs Vasiļjevs Sokolovs Mihailovs Novikovs Fjodorovs
  Morozovs Volkovs Aleksejevs Lebedevs Semjonovs Jegorovs Pavlovs Kozlovs Stepanovs Nikolajevs
  Orlovs Andrejevs Makarovs Zaharovs Zaicevs Solovjovs Borisovs Grigorjevs Romanovs Vorobjovs
  Sergejevs Kuzmins Frolovs Dmitrijevs Koroļovs Gusevs Kiseļovs Iļjins Maksimovs Poļakovs Sorokins
  Kovaļovs Belovs Medvedevs Antonovs Kovaļenko Bondarenko Tkačenko Kravčenko Ševčenko Kovaļevskis
  Jankovskis Zeļenskis
`),
  ),
};

export const lithuanianNames: NamePool = {
  male: words(`Jons Tomass Lukass Mindaugs Vītauts Aļģirds Gedimins Darjus`),
  female: words(`Rasa Jurgita Egle Rūta Ieva Daiva Vida Asta`),
  surnames: pairsOf(words(`Kazlausks Jankausks Petrausks Stankevičs Vasiļausks Žukausks Paulausks`)),
};

export const germanNames: NamePool = {
  male: words(`Tomass Mihaels Andreass Stefans Markuss Jans Folkers Klauss`),
  female: words(`Anna Katrīna Sabīne Jūlija Monika Klaudija Petra Ute`),
  surnames: pairsOf(words(`Millers Šmits Šneiders Fišers Vēbers Meijers Vāgners Bekers Šulcs`)),
};
