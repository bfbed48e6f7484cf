import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** The centred card around the sign-in and accept-invitation forms. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="auth">
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          <span>{t('app.name')}</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        {children}
      </div>
      <p className="auth-foot muted">{t('app.tagline')}</p>
    </div>
  );
}
