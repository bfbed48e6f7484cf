import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { CaretToken } from './caret-token.ts';
import { PickerList } from './picker-list.tsx';

/** A canned response as `GET /api/v1/canned-responses` lists it. */
export interface CannedResponse {
  id: string;
  scope: 'workspace' | 'personal';
  title: string;
  shortcut: string;
  content: { 'zh-CN'?: string; en?: string };
  tags: string[];
}

/** What the composer needs of an open picker (canned responses, mentions): its list and its keyboard. */
export interface Picker<T> {
  listId: string;
  open: boolean;
  items: T[];
  active: number;
  setActive: (index: number) => void;
  /** Handle the arrow keys, Enter, Tab and Esc while the picker is open; true when the key was taken. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  choose: (item: T) => void;
}

/** Arrow keys move, Enter or Tab choose, Esc closes — the keyboard of every composer picker. */
export function usePickerState<T>(token: CaretToken | null, items: T[], choose: (item: T) => void): Picker<T> {
  const listId = useId();
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // Esc closes the picker for this word only: a new trigger elsewhere opens it again.
  const open = token !== null && dismissed !== token.start;
  useEffect(() => setActive(0), [items]);
  useEffect(() => {
    if (token === null) setDismissed(null);
  }, [token]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    if (event.key === 'Escape') setDismissed(token.start);
    else if (event.key === 'ArrowDown' && items.length > 0) setActive((active + 1) % items.length);
    else if (event.key === 'ArrowUp' && items.length > 0) setActive((active - 1 + items.length) % items.length);
    else if ((event.key === 'Enter' || event.key === 'Tab') && items[active]) choose(items[active]);
    else return false;
    event.preventDefault();
    return true;
  };

  return { listId, open, items, active: Math.min(active, Math.max(0, items.length - 1)), setActive, onKeyDown, choose };
}

/** How many responses the picker shows at once. */
const SHOWN = 8;
const DEBOUNCE_MS = 120;

/**
 * The canned-response picker of the composer: open while the caret is in a
 * "/word", searching shortcut, title and text as the agent types. The chosen
 * response is rendered for the conversation (variables filled) and handed to
 * `insert` in place of that "/word" — the rest of the draft stays.
 */
export function useCannedPicker(
  conversationId: string,
  token: CaretToken | null,
  insert: (text: string, token: CaretToken) => void,
  onError: (err: unknown) => void,
): Picker<CannedResponse> {
  const query = token?.query ?? null;
  const [items, setItems] = useState<CannedResponse[]>([]);

  useEffect(() => {
    if (query === null) return;
    let live = true;
    const timer = window.setTimeout(() => {
      const params = new URLSearchParams({ limit: String(SHOWN) });
      if (query) params.set('q', query);
      api<{ items: CannedResponse[] }>('GET', `/api/v1/canned-responses?${params}`).then(
        (page) => live && setItems(page.items.slice(0, SHOWN)),
        () => live && setItems([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query]);

  const choose = (item: CannedResponse) => {
    if (!token) return;
    const at = token;
    api<{ content: string }>('POST', `/api/v1/canned-responses/${encodeURIComponent(item.id)}/render`, { conversationId }).then(
      (rendered) => insert(rendered.content, at),
      onError,
    );
  };

  return usePickerState(token, items, choose);
}

/** The list under the composer's "/word". */
export function CannedList({ picker }: { picker: Picker<CannedResponse> }) {
  const { t, locale } = useI18n();
  if (!picker.open) return null;
  const other = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <PickerList
      id={picker.listId}
      label={t('canned.title')}
      active={picker.active}
      empty={t('canned.none')}
      hint={t('canned.hint')}
      onHover={picker.setActive}
      onChoose={(i) => picker.choose(picker.items[i]!)}
      options={picker.items.map((item) => ({
        key: item.id,
        content: (
          <>
            <span className="canned-shortcut">{item.shortcut}</span>
            <span className="canned-title">{item.title}</span>
            {item.scope === 'personal' && <span className="muted small">{t('canned.personal')}</span>}
            <span className="canned-preview muted small">{item.content[locale] ?? item.content[other] ?? ''}</span>
          </>
        ),
      }))}
    />
  );
}
