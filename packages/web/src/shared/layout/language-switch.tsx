import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/i18n';

/** Latvian or English; the other language's name is written in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'lv' : 'en';
  return (
    <button type="button" lang={other} onClick={() => void changeLanguage(other)}>
      {t('layout.switchLanguage')}
    </button>
  );
}
