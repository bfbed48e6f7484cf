import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import './assist.css';
import type { Conversation, Message } from './model.ts';

export interface AssistSlotProps {
  conversation: Conversation;
  /** The timeline as the agent sees it; the customer's latest message is `messages.findLast(m => m.type === 'incoming')`. */
  messages: Message[];
  /** Which tab the composer is on. */
  mode: 'reply' | 'note';
  /** Put text into the composer (replacing what is there), for the agent to edit and send. */
  insert: (text: string) => void;
}

/** The answer of `GET /api/v1/conversations/:id/suggestions`. */
export interface Suggestions {
  lang: string;
  text: string;
  knowledge: { kind: string; id: string; question: string; answer: string; score: number }[];
  similar: { conversationId: string; customerText: string; agentReply: string; score: number; resolvedAt: string }[];
}

interface Suggestion {
  key: string;
  label: string;
  text: string;
  kind: 'knowledge' | 'similar';
}

const OPEN_KEY = 'kefu.assist.open';

/** Knowledge answers first, then what colleagues replied in similar resolved conversations. */
function flatten(s: Suggestions): Suggestion[] {
  return [
    ...s.knowledge.map((k) => ({ key: `k:${k.id}`, label: k.question, text: k.answer, kind: 'knowledge' as const })),
    ...s.similar.map((c) => ({ key: `s:${c.conversationId}`, label: c.customerText, text: c.agentReply, kind: 'similar' as const })),
  ];
}

/** Suggestions for the customer's latest message, fetched again whenever a new one arrives. */
function useSuggestions(conversationId: string, messages: Message[]): Suggestion[] {
  const latest = messages.findLast((m) => m.type === 'incoming' && m.content.trim() !== '');
  const [found, setFound] = useState<{ for: string; items: Suggestion[] } | null>(null);
  const key = latest ? latest.id : '';
  useEffect(() => {
    if (!latest) return;
    let live = true;
    const path = `/api/v1/conversations/${encodeURIComponent(conversationId)}/suggestions?text=${encodeURIComponent(latest.content)}`;
    api<Suggestions>('GET', path).then(
      (s) => live && setFound({ for: key, items: flatten(s) }),
      () => live && setFound({ for: key, items: [] }),
    );
    return () => {
      live = false;
    };
    // Only a new customer message (its id) asks again; the text is part of it.
  }, [conversationId, key]);
  return found && found.for === key ? found.items : [];
}

/**
 * Agent assist, right above the composer's text box in reply mode: the
 * knowledge base's best answers and colleagues' replies in similar resolved
 * conversations for the customer's latest message, each one click from the
 * composer. Collapsible (remembered in this browser); nothing when there is
 * nothing to suggest.
 */
export function AssistSlot({ conversation, messages, mode, insert }: AssistSlotProps) {
  const { t } = useI18n();
  const items = useSuggestions(conversation.id, messages);
  const [open, setOpen] = useState(() => window.localStorage.getItem(OPEN_KEY) !== '0');
  if (mode !== 'reply' || items.length === 0) return null;
  const toggle = () => {
    window.localStorage.setItem(OPEN_KEY, open ? '0' : '1');
    setOpen(!open);
  };
  return (
    <section className="assist" aria-label={t('assist.title')}>
      <button type="button" className="assist-head" aria-expanded={open} onClick={toggle}>
        <span className="assist-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {t('assist.title')}
        <span className="muted small">{items.length}</span>
      </button>
      {open && (
        <ul className="assist-list">
          {items.map((s) => (
            <li key={s.key} className={`assist-item assist-${s.kind}`}>
              <div className="assist-body">
                <div className="assist-label small">
                  <span className="assist-kind">{t(s.kind === 'knowledge' ? 'assist.knowledge' : 'assist.similar')}</span>
                  {s.label}
                </div>
                <div className="assist-text">{s.text}</div>
              </div>
              <button
                type="button"
                className="btn btn-small btn-quiet"
                aria-label={t('assist.insertLabel', { text: s.label })}
                onClick={() => insert(s.text)}
              >
                {t('assist.insert')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
