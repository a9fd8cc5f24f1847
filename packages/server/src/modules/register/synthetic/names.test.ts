import { faker } from '@faker-js/faker/locale/lv';
import { describe, expect, it } from 'vitest';
import { feminineSurname, latvianNames, russophoneNames } from './names';

describe('feminineSurname', () => {
  it.each([
    ['Bērziņš', 'Bērziņa'],
    ['Kalniņš', 'Kalniņa'],
    ['Liepiņš', 'Liepiņa'],
    ['Jansons', 'Jansone'],
    ['Balodis', 'Balode'],
    ['Ozols', 'Ozola'],
    ['Kalns', 'Kalna'],
    ['Arājs', 'Arāja'],
    ['Ivanovs', 'Ivanova'],
    ['Dombrovskis', 'Dombrovska'],
    ['Birznieks', 'Birzniece'],
    ['Pakalnietis', 'Pakalniete'],
    ['Meiers', 'Meiere'],
    ['Bērzīts', 'Bērzīte'],
    ['Teicāns', 'Teicāne'],
    ['Rožkalns', 'Rožkalne'],
    ['Pērkons', 'Pērkona'],
    ['Kovaļenko', 'Kovaļenko'],
  ])('%s → %s', (male, female) => {
    expect(feminineSurname(male)).toBe(female);
  });

  it('agrees with the feminine forms faker lists for nearly all of its masculine surnames', () => {
    const males = (faker.rawDefinitions.person?.last_name?.male ?? []).filter((s) => /[sš]$/.test(s));
    const females = new Set(faker.rawDefinitions.person?.last_name?.female ?? []);
    const misses = males.filter((male) => !females.has(feminineSurname(male)));
    expect(males.length).toBeGreaterThan(150);
    // Faker pairs Beļavskis with Beļavske where the register mostly writes Beļavska.
    expect(misses).toEqual(['Beļavskis']);
  });
});

describe('name pools', () => {
  it('hold the common names faker lacks (DOMAIN §8)', () => {
    for (const name of ['Anna', 'Ilze', 'Inese', 'Laura', 'Linda'])
      expect(latvianNames.female).toContain(name);
    for (const name of ['Jānis', 'Juris', 'Andris', 'Aivars', 'Roberts'])
      expect(latvianNames.male).toContain(name);
  });

  it('pair every surname with its feminine form and store Unicode NFC', () => {
    for (const pool of [latvianNames, russophoneNames]) {
      for (const { male, female } of pool.surnames) {
        expect(female).toBe(feminineSurname(male));
        expect(male).toBe(male.normalize('NFC'));
      }
    }
  });
});
