import { useMemo } from 'react';
import type { User } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { usePickerState, type Picker } from './canned-picker.tsx';
import type { CaretToken } from './caret-token.ts';
import { PickerList } from './picker-list.tsx';

const SHOWN = 8;

/** Colleagues whose name contains `query` or whose email starts with it (any case), names that start with it first; not the agent themself. */
export function mentionCandidates(users: User[], meId: string | undefined, query: string): User[] {
  const q = query.toLowerCase();
  const starts = (u: User) => (u.name.toLowerCase().startsWith(q) ? 0 : 1);
  return users
    .filter((u) => u.status === 'active' && u.id !== meId)
    .filter((u) => u.name.toLowerCase().includes(q) || u.email.toLowerCase().startsWith(q))
    .sort((a, b) => starts(a) - starts(b))
    .slice(0, SHOWN);
}

/**
 * The "@" picker of a note: open while the caret is in an "@word", listing
 * the workspace's people who match; the chosen one replaces that word with
 * "@Name " and is handed to `choose` so the note carries their id.
 */
export function useMentionPicker(
  users: User[],
  meId: string | undefined,
  token: CaretToken | null,
  choose: (user: User, token: CaretToken) => void,
): Picker<User> {
  const query = token?.query ?? null;
  const items = useMemo(() => (query === null ? [] : mentionCandidates(users, meId, query)), [users, meId, query]);
  return usePickerState(token, items, (user) => token && choose(user, token));
}

/** The list under the note's "@word". */
export function MentionList({ picker }: { picker: Picker<User> }) {
  const { t } = useI18n();
  if (!picker.open) return null;
  return (
    <PickerList
      id={picker.listId}
      label={t('mention.title')}
      active={picker.active}
      empty={t('mention.none')}
      hint={t('mention.hint')}
      onHover={picker.setActive}
      onChoose={(i) => picker.choose(picker.items[i]!)}
      options={picker.items.map((user) => ({
        key: user.id,
        content: (
          <>
            <span className="canned-title">{user.name}</span>
            <span className="canned-preview muted small">{user.email}</span>
          </>
        ),
      }))}
    />
  );
}
