import { api, type Locale } from '../api.ts';
import { locales, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

/** 中文 / English, each named in its own language. A signed-in user's choice is saved to their account. */
export function LanguageSwitch() {
  const { locale, choose, t } = useI18n();
  const { me } = useSession();
  const pick = (next: Locale) => {
    choose(next);
    // Best effort: the choice already applies in this browser; the account keeps it for next time.
    if (me?.kind === 'user' && me.user?.locale !== next) void api('PATCH', '/api/v1/auth/me', { locale: next }).catch(() => undefined);
  };
  return (
    <div className="segmented" role="group" aria-label={t('common.language')}>
      {locales.map((l) => (
        <button key={l} type="button" lang={l} className={l === locale ? 'on' : undefined} aria-pressed={l === locale} onClick={() => pick(l)}>
          {t(l === 'zh-CN' ? 'lang.zh-CN' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
