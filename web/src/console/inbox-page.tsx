import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ConversationListView } from './conversation-list.tsx';
import { ConversationView, type ConversationViewHandle } from './conversation-view.tsx';
import { useDirectory } from './directory.tsx';
import { useMentions } from './mentions.tsx';
import { conversationStatuses } from './model.ts';
import { useRealtime } from './realtime.tsx';
import { ShortcutHelp, useShortcuts } from './shortcuts.tsx';
import { filterFromQuery, filterToQuery, views, withDefaultTeam, type ListFilter } from './list-filter.ts';
import { useConversationList } from './use-conversation-list.ts';

/** `/inbox/conv_…` → the conversation id. */
export function openConversationId(path: string): string | null {
  const match = /^\/inbox\/(conv_[0-9a-z]+)$/.exec(path);
  return match?.[1] ?? null;
}

function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = window.setTimeout(() => onChange(draft), 300);
    return () => window.clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <input
      type="search"
      id="inbox-search"
      className="list-search"
      placeholder={t('list.searchShort')}
      aria-label={t('list.search')}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
    />
  );
}

/**
 * The agent's workspace: the list for the chosen view on the left, the open
 * conversation and the customer beside it. Everything updates live; j/k,
 * r, n, e and ? work from the keyboard.
 */
export function InboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const directory = useDirectory();
  const { state: link } = useRealtime();
  const { path, query } = useLocation();
  const filter = withDefaultTeam(
    filterFromQuery(query),
    directory.myTeams.map((team) => team.id),
  );
  const openId = openConversationId(path);
  const meId = me?.user?.id;
  const list = useConversationList(filter, meId, openId);
  const view = useRef<ConversationViewHandle>(null);
  const [help, setHelp] = useState(false);
  const mentions = useMentions();
  // Opening a conversation reads the notes in it that named me.
  useEffect(() => {
    if (openId && mentions.unreadIds.has(openId)) void mentions.markRead(openId).catch(() => undefined);
  }, [openId, mentions]);
  const search = filterToQuery(filter);
  const hrefFor = (id: string) => `/inbox/${id}${search}`;
  const setFilter = (patch: Partial<ListFilter>) => navigate(`${openId ? `/inbox/${openId}` : '/inbox'}${filterToQuery({ ...filter, ...patch })}`);

  useEffect(() => {
    const unread = list.unread.size;
    document.title = unread ? `(${unread}) ${t('app.name')}` : t('app.name');
    return () => {
      document.title = t('app.name');
    };
  }, [list.unread.size, t]);

  useShortcuts((action) => {
    const index = list.items.findIndex((c) => c.id === openId);
    if (action === 'next' || action === 'previous') {
      const next = list.items[action === 'next' ? index + 1 : index < 0 ? 0 : index - 1];
      if (next) navigate(hrefFor(next.id), { replace: true });
      document.querySelector(`[data-id="${next?.id}"]`)?.scrollIntoView({ block: 'nearest' });
    } else if (action === 'reply' || action === 'note') view.current?.focusComposer(action);
    else if (action === 'resolve') view.current?.resolve();
    else if (action === 'search') document.getElementById('inbox-search')?.focus();
    else setHelp(true);
  });

  const inbox = filter.inboxId ? directory.inbox(filter.inboxId) : undefined;
  const team = filter.view === 'team' ? directory.teamName(filter.teamId) : null;
  return (
    <div className="inbox">
      <section className="list-pane" aria-label={t('list.label')}>
        <div className="list-head">
          <div className="list-title">
            <h1>{inbox?.name ?? (team ? t('conv.team', { name: team }) : t('inbox.title'))}</h1>
            <span className={`link-state link-${link}`} title={t(`link.${link}` as const)}>
              <span className="dot" aria-hidden="true" /> {t(`link.${link}` as const)}
            </span>
          </div>
          <div className="tabs" role="group" aria-label={t('list.views')}>
            {views
              .filter((v) => v !== 'team' || directory.myTeams.length > 0 || filter.view === 'team')
              .map((v) => (
                <button
                  key={v}
                  type="button"
                  className={filter.view === v ? 'on' : undefined}
                  aria-pressed={filter.view === v}
                  onClick={() => setFilter({ view: v })}
                >
                  {t(`view.${v}` as const)}
                </button>
              ))}
          </div>
          <div className="list-filters">
            <select
              value={filter.status}
              aria-label={t('list.status')}
              onChange={(e) => setFilter({ status: e.target.value as ListFilter['status'] })}
            >
              {conversationStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`convStatus.${s}` as const)}
                </option>
              ))}
              <option value="all">{t('list.allStatuses')}</option>
            </select>
            <SearchBox value={filter.q} onChange={(q) => setFilter({ q })} />
          </div>
          {filter.label && (
            <div className="chips active-filters">
              <span className="chip label-chip">
                # {filter.label}
                <button type="button" className="chip-x" aria-label={t('list.clearLabel')} onClick={() => setFilter({ label: null })}>
                  ×
                </button>
              </span>
            </div>
          )}
        </div>
        <ConversationListView list={list} openId={openId} hrefFor={hrefFor} />
      </section>
      <section className="conv-pane">
        {openId ? (
          <ConversationView key={openId} id={openId} handle={view} />
        ) : (
          <div className="conv-empty">
            <p>{t('inbox.pick')}</p>
            <button type="button" className="link-button small" onClick={() => setHelp(true)}>
              {t('inbox.shortcutsHint')}
            </button>
          </div>
        )}
      </section>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
