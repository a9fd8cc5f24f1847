import { describe, expect, it } from 'vitest';
import { AddressAllocator } from './geography';
import { places, registryOfficeOf, unitAtvk } from './places';
import { Random } from './random';

describe('places', () => {
  it('are the 7 state cities and 36 novadi with distinct ATVK codes in their ranges', () => {
    const cities = places.filter((place) => place.kind === 'city');
    const novadi = places.filter((place) => place.kind === 'novads');
    expect(cities.map((city) => [city.name, city.atvk])).toEqual([
      ['Rīga', '0001000'],
      ['Daugavpils', '0002000'],
      ['Jelgava', '0003000'],
      ['Jūrmala', '0004000'],
      ['Liepāja', '0005000'],
      ['Rēzekne', '0006000'],
      ['Ventspils', '0007000'],
    ]);
    expect(novadi).toHaveLength(36);
    for (const novads of novadi) {
      expect(novads.atvk >= '0020000' && novads.atvk <= '0056000').toBe(true);
      expect(novads.name).toMatch(/ nov\.$/);
      expect(novads.parishes.length).toBeGreaterThan(0);
    }
    expect(new Set(places.map((place) => place.atvk)).size).toBe(43);
  });

  it('give Rīga about a third of the residents', () => {
    const total = places.reduce((sum, place) => sum + place.residents, 0);
    expect((places[0]?.residents ?? 0) / total).toBeCloseTo(1 / 3, 1);
  });

  it('name registry offices and territorial units', () => {
    const [riga] = places;
    const sigulda = places.find((place) => place.town === 'Sigulda');
    if (!riga || !sigulda) throw new Error('Rīga or Siguldas nov. missing');
    expect(registryOfficeOf(riga)).toBe('Rīgas pilsētas Dzimtsarakstu nodaļa');
    expect(registryOfficeOf(sigulda)).toBe('Siguldas novada Dzimtsarakstu nodaļa');
    expect(unitAtvk(sigulda, null)).toMatch(/^00\d\d200$/);
    expect(unitAtvk(sigulda, 1)).toMatch(/^00\d\d410$/);
  });
});

describe('AddressAllocator', () => {
  const cityText =
    /^[^,]+ \d+( - \d+)?, (Rīga|Daugavpils|Jelgava|Jūrmala|Liepāja|Rēzekne|Ventspils), LV-\d{4}$/;
  const townText = /^[^,]+ \d+( - \d+)?, [^,]+, [^,]+ nov\., LV-\d{4}$/;
  const ruralText = /^"[^"]+"( - \d+)?, [^,]+ pag\., [^,]+ nov\., LV-\d{4}$/;

  it('writes the three address forms with 9-digit synthetic codes', () => {
    const allocator = new AddressAllocator(new Random(3));
    for (let i = 0; i < 3000; i += 1) {
      const address = i % 2 === 0 ? allocator.home(allocator.place()) : allocator.any(allocator.place());
      expect(address.addressCode).toMatch(/^1\d{8}$/);
      expect(address.postcode).toMatch(/^LV-\d{4}$/);
      expect(address.atvk).toMatch(/^\d{7}$/);
      expect([cityText, townText, ruralText].some((form) => form.test(address.text))).toBe(true);
    }
  });

  it('gives each household its own home until a place is full, and one text one code', () => {
    const allocator = new AddressAllocator(new Random(5));
    const codeByText = new Map<string, string>();
    const textByCode = new Map<string, string>();
    const homes = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) {
      const home = allocator.home(allocator.place());
      homes.add(home.addressCode);
      expect(codeByText.get(home.text) ?? home.addressCode).toBe(home.addressCode);
      expect(textByCode.get(home.addressCode) ?? home.text).toBe(home.text);
      codeByText.set(home.text, home.addressCode);
      textByCode.set(home.addressCode, home.text);
    }
    // Only small novadi run out of farmsteads and start sharing them.
    expect(homes.size).toBeGreaterThan(19_000);
  });
});
