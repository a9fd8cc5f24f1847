import consoleEn from '../../features/console/i18n/en.json';
import consoleLv from '../../features/console/i18n/lv.json';
import organisationEn from '../../features/organisation/i18n/en.json';
import organisationLv from '../../features/organisation/i18n/lv.json';
import en from './en.json';
import lv from './lv.json';

/**
 * The shared strings and each area's own, which live beside the area under top-level keys of their
 * own (an area's file never repeats a shared top-level key: the spread would hide it).
 */
export const areaTranslations = [
  { lv: organisationLv, en: organisationEn },
  { lv: consoleLv, en: consoleEn },
];

export const resources = {
  lv: Object.assign({}, lv, ...areaTranslations.map((area) => area.lv)) as Record<string, unknown>,
  en: Object.assign({}, en, ...areaTranslations.map((area) => area.en)) as Record<string, unknown>,
};

export const sharedTranslations = { lv, en };
