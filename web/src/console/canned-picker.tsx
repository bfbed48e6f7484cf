import { useEffect, useState, type KeyboardEvent } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

/** A canned response as `GET /api/v1/canned-responses` lists it. */
export interface CannedResponse {
  id: string;
  scope: 'workspace' | 'personal';
  title: string;
  shortcut: string;
  content: { 'zh-CN'?: string; en?: string };
  tags: string[];
}

export interface CannedPicker {
  open: boolean;
  items: CannedResponse[];
  active: number;
  setActive: (index: number) => void;
  /** Handle the arrow keys, Enter and Esc while the picker is open; true when the key was taken. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  choose: (item: CannedResponse) => void;
}

/** How many responses the picker shows at once. */
const SHOWN = 8;
const DEBOUNCE_MS = 120;
/** A composer holding just "/" and a word is a search among canned responses. */
const TRIGGER = /^\/(\S*)$/;

/**
 * The canned-response picker of the composer: open while the text is "/"
 * and a word, searching shortcut, title and text as the agent types. The
 * chosen response is rendered for the conversation (variables filled) and
 * handed to `insert`.
 */
export function useCannedPicker(conversationId: string, text: string, insert: (text: string) => void, onError: (err: unknown) => void): CannedPicker {
  const match = TRIGGER.exec(text);
  const query = match ? match[1] : null;
  const [dismissed, setDismissed] = useState(false);
  const [items, setItems] = useState<CannedResponse[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (query === null) setDismissed(false);
  }, [query]);

  useEffect(() => {
    if (query === null || dismissed) return;
    let live = true;
    const timer = window.setTimeout(() => {
      const params = new URLSearchParams({ limit: String(SHOWN) });
      if (query) params.set('q', query);
      api<{ items: CannedResponse[] }>('GET', `/api/v1/canned-responses?${params}`).then(
        (page) => {
          if (!live) return;
          setItems(page.items.slice(0, SHOWN));
          setActive(0);
        },
        () => live && setItems([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, dismissed]);

  const open = query !== null && !dismissed;

  const choose = (item: CannedResponse) => {
    setDismissed(true);
    api<{ content: string }>('POST', `/api/v1/canned-responses/${encodeURIComponent(item.id)}/render`, { conversationId }).then(
      (rendered) => insert(rendered.content),
      onError,
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    if (event.key === 'Escape') {
      setDismissed(true);
    } else if (event.key === 'ArrowDown' && items.length > 0) {
      setActive((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length > 0) {
      setActive((active - 1 + items.length) % items.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && items[active]) {
      choose(items[active]);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  return { open, items, active, setActive, onKeyDown, choose };
}

/** The list under the composer's "/" (a listbox the text box drives with the keyboard). */
export function CannedList({ picker }: { picker: CannedPicker }) {
  const { t, locale } = useI18n();
  if (!picker.open) return null;
  const other = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <div className="canned" role="listbox" aria-label={t('canned.title')}>
      {picker.items.length === 0 && <div className="canned-empty muted small">{t('canned.none')}</div>}
      {picker.items.map((item, i) => (
        <div
          key={item.id}
          role="option"
          aria-selected={i === picker.active}
          className={i === picker.active ? 'canned-item on' : 'canned-item'}
          onMouseEnter={() => picker.setActive(i)}
          onMouseDown={(e) => {
            e.preventDefault(); // keep the focus in the text box
            picker.choose(item);
          }}
        >
          <span className="canned-shortcut">{item.shortcut}</span>
          <span className="canned-title">{item.title}</span>
          {item.scope === 'personal' && <span className="muted small">{t('canned.personal')}</span>}
          <span className="canned-preview muted small">{item.content[locale] ?? item.content[other] ?? ''}</span>
        </div>
      ))}
      <div className="canned-hint muted small">{t('canned.hint')}</div>
    </div>
  );
}
