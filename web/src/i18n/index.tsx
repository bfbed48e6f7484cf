import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../api.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

export const locales: readonly Locale[] = ['zh-CN', 'en'];
const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const CHOICE_KEY = 'kefu.locale';

export type Vars = Record<string, string | number>;

export interface I18n {
  locale: Locale;
  /** The message for `key`, with `{name}` placeholders filled from `vars`. */
  t: (key: MessageKey, vars?: Vars) => string;
  /** Like `t` for keys built at run time (audit actions, error codes); undefined when unknown. */
  maybe: (key: string, vars?: Vars) => string | undefined;
  /** Switch language and remember the choice in this browser. */
  choose: (locale: Locale) => void;
  /** Use `locale` unless the person already chose one in this browser. */
  suggest: (locale: string) => void;
  dateTime: (iso: string | null) => string;
  date: (iso: string | null) => string;
}

export function isLocale(value: string | null | undefined): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

function browserLocale(): Locale {
  const languages = navigator.languages.length ? navigator.languages : [navigator.language];
  const first = languages.find((l) => /^(zh|en)\b/i.test(l)) ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => {
    const chosen = window.localStorage.getItem(CHOICE_KEY);
    return isLocale(chosen) ? chosen : browserLocale();
  });

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const choose = useCallback((next: Locale) => {
    window.localStorage.setItem(CHOICE_KEY, next);
    setLocale(next);
  }, []);

  const suggest = useCallback((next: string) => {
    if (isLocale(next) && !isLocale(window.localStorage.getItem(CHOICE_KEY))) setLocale(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = dictionaries[locale];
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const format = (f: Intl.DateTimeFormat) => (iso: string | null) => (iso ? f.format(new Date(iso)) : '—');
    return {
      locale,
      t: (key, vars) => fill(messages[key], vars),
      maybe: (key, vars) => (Object.hasOwn(messages, key) ? fill(messages[key as MessageKey], vars) : undefined),
      choose,
      suggest,
      dateTime: format(dateTimeFormat),
      date: format(dateFormat),
    };
  }, [locale, choose, suggest]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
