import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  auditQueryTypes,
  documentStatuses,
  documentTypes,
  environments,
  legalStatuses,
  maritalStatuses,
  personStatuses,
  problemCodes,
  scopeNames,
  userRoles,
} from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { consoleKeyFamilies } from '../../features/console/i18n/families';
import { areaTranslations, resources, sharedTranslations } from './resources';

const sourceDir = join(import.meta.dirname, '../..');

/** Keys built at run time (`t(\`roles.${role}\`)`): each family with every value it can take. */
const dynamicFamilies: Record<string, readonly string[]> = {
  roles: userRoles,
  environments,
  problems: [...problemCodes, 'network'],
  personStatuses,
  scopes: scopeNames,
  sexes: ['M', 'F'],
  legalStatuses,
  documentTypes,
  documentStatuses,
  maritalStatuses,
  relations: ['mother', 'father', 'child'],
  queryTypes: auditQueryTypes,
  ...consoleKeyFamilies,
};

function flatten(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    return typeof value === 'object' && value !== null ? flatten(value, key) : [key];
  });
}

function sourceFiles(): string[] {
  return readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
    .map((file) => join(sourceDir, file));
}

/** Literal keys at `t('…')` and `msg('…')`, and the prefixes of template keys `t(\`prefix.${…}\`)`. */
function keysInCode() {
  const literal = new Map<string, string>();
  const prefixes = new Map<string, string>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    const where = relative(sourceDir, file);
    for (const match of text.matchAll(/\b(?:t|msg)\(\s*'([^']+)'/g)) literal.set(match[1] ?? '', where);
    for (const match of text.matchAll(/\bt\(\s*`([A-Za-z.]+)\.\$\{/g)) prefixes.set(match[1] ?? '', where);
  }
  return { literal, prefixes };
}

describe('translations', () => {
  const { lv, en } = resources;
  const lvKeys = new Set(flatten(lv));
  const enKeys = new Set(flatten(en));

  it('keep each area under top-level keys of its own', () => {
    const shared = Object.keys(sharedTranslations.lv);
    const clashes = areaTranslations.flatMap((area) =>
      [...Object.keys(area.lv), ...Object.keys(area.en)].filter((key) => shared.includes(key)),
    );
    expect(clashes).toEqual([]);
  });

  it('have the same keys in Latvian and English', () => {
    expect([...lvKeys].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys].filter((key) => !lvKeys.has(key))).toEqual([]);
  });

  it('have no empty text', () => {
    const empty = (tree: object) => flatten(tree).filter((key) => lookUp(tree, key).trim() === '');
    expect(empty(lv)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('have every key the code uses', () => {
    const { literal } = keysInCode();
    expect(literal.size).toBeGreaterThan(50);
    const missing = [...literal].filter(([key]) => !lvKeys.has(key) || !enKeys.has(key));
    expect(missing).toEqual([]);
  });

  it('have every value of each family of keys the code builds at run time', () => {
    const { prefixes } = keysInCode();
    const unchecked = [...prefixes.keys()].filter((prefix) => !(prefix in dynamicFamilies));
    expect(unchecked, 'add the family and its values to dynamicFamilies').toEqual([]);
    const missing = Object.entries(dynamicFamilies).flatMap(([family, values]) =>
      values.map((value) => `${family}.${value}`).filter((key) => !lvKeys.has(key) || !enKeys.has(key)),
    );
    expect(missing).toEqual([]);
  });
});

function lookUp(tree: object, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
  return String(value);
}
