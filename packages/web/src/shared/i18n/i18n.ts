import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

export const languages = ['lv', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'fpr.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'lv';
}

/** Latvian by default; the choice of English is remembered in this browser. */
export async function setUpI18n(): Promise<void> {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources: { lv: { translation: resources.lv }, en: { translation: resources.en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}
