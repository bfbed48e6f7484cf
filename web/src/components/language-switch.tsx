import { locales, useI18n } from '../i18n/index.tsx';

/** 中文 / English, each named in its own language. */
export function LanguageSwitch() {
  const { locale, choose, t } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t('common.language')}>
      {locales.map((l) => (
        <button key={l} type="button" lang={l} className={l === locale ? 'on' : undefined} aria-pressed={l === locale} onClick={() => choose(l)}>
          {t(l === 'zh-CN' ? 'lang.zh-CN' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
