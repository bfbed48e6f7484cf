import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { api, upload, type User } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AssistSlot } from './assist-slot.tsx';
import { fileSize } from './attachments.tsx';
import { CannedList, useCannedPicker } from './canned-picker.tsx';
import { insertAtCaret, replaceToken, tokenAt, type CaretToken } from './caret-token.ts';
import { useDirectory } from './directory.tsx';
import { MentionList, useMentionPicker } from './mention-picker.tsx';
import { comboboxProps } from './picker-list.tsx';
import type { Attachment, Conversation, Message } from './model.ts';
import { useRealtime } from './realtime.tsx';
import { useSession } from '../session.tsx';

export type ComposerMode = 'reply' | 'note';
export interface ComposerHandle {
  focus: (mode: ComposerMode) => void;
}

/** Typing "on" is repeated at most this often while the agent types, and turned off after this much quiet. */
const TYPING_EVERY_MS = 2500;
const TYPING_QUIET_MS = 3000;

function newClientId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The people a note still names: those picked with "@" whose "@Name" is still in the text. */
function stillMentioned(content: string, picked: Map<string, string>): string[] {
  return [...picked].filter(([, name]) => content.includes(`@${name}`)).map(([id]) => id);
}

/**
 * Reply to the customer or write a private note. Enter sends, Shift+Enter
 * adds a line (and Enter that confirms a Chinese IME candidate does not
 * send). The customer sees "typing…" while the agent types a reply. "/"
 * picks a canned response and, in a note, "@" a colleague to notify — both
 * inserted where the caret is.
 */
export function Composer({
  conversation,
  messages,
  onSent,
  handle,
}: {
  conversation: Conversation;
  messages: Message[];
  onSent: (message: Message) => void;
  handle?: Ref<ComposerHandle>;
}) {
  const { t } = useI18n();
  const { sendTyping } = useRealtime();
  const { me } = useSession();
  const directory = useDirectory();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [mentions, setMentions] = useState<Map<string, string>>(new Map());
  /** Where the caret goes after a change the agent did not type (an insert): set once the text is rendered. */
  const nextCaret = useRef<number | null>(null);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const filePicker = useRef<HTMLInputElement>(null);
  const typing = useRef<{ sentAt: number; quiet: number | undefined }>({ sentAt: 0, quiet: undefined });
  const id = conversation.id;

  useImperativeHandle(handle, () => ({
    focus: (next) => {
      setMode(next);
      box.current?.focus();
    },
  }));

  const stopTyping = () => {
    window.clearTimeout(typing.current.quiet);
    if (typing.current.sentAt) sendTyping(id, false);
    typing.current.sentAt = 0;
  };

  // A different conversation starts with an empty box, and the last one hears "stopped typing".
  useEffect(() => {
    setText('');
    setMentions(new Map());
    setFiles([]);
    setError(null);
    return stopTyping;
  }, [id]);

  const typed = (value: string) => {
    setText(value);
    if (mode !== 'reply') return;
    const now = Date.now();
    if (now - typing.current.sentAt > TYPING_EVERY_MS) {
      sendTyping(id, true);
      typing.current.sentAt = now;
    }
    window.clearTimeout(typing.current.quiet);
    typing.current.quiet = window.setTimeout(stopTyping, TYPING_QUIET_MS);
  };

  useLayoutEffect(() => {
    if (nextCaret.current === null || !box.current) return;
    box.current.setSelectionRange(nextCaret.current, nextCaret.current);
    setCaret(nextCaret.current);
    nextCaret.current = null;
  }, [text]);

  /** Put `next` in the box with the caret at `at`, and hand the box back to the agent. */
  const edit = (next: { text: string; caret: number }) => {
    nextCaret.current = next.caret;
    typed(next.text);
    box.current?.focus();
  };
  /** An assist suggestion replaces the draft: it is a whole answer. */
  const insert = (value: string) => edit({ text: value, caret: value.length });
  const canned = useCannedPicker(id, tokenAt(text, caret, '/'), (value, token) => edit(replaceToken(text, token, value)), setError);
  const mention = useMentionPicker(
    directory.users,
    me?.user?.id,
    mode === 'note' ? tokenAt(text, caret, '@') : null,
    (user: User, token: CaretToken) => {
      setMentions((m) => new Map(m).set(user.id, user.name));
      edit(replaceToken(text, token, `@${user.name} `));
    },
  );
  const picker = canned.open ? canned : mention;

  const submit = async () => {
    const content = text.trim();
    if ((!content && files.length === 0) || busy) return;
    setBusy(true);
    setError(null);
    stopTyping();
    try {
      const message = await api<Message>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/messages`, {
        content: content || files.map((f) => f.filename).join(', '),
        private: mode === 'note',
        clientMessageId: newClientId(),
        attachmentIds: files.map((f) => f.id),
        ...(mode === 'note' ? { mentionedUserIds: stillMentioned(content, mentions) } : {}),
      });
      setText('');
      setMentions(new Map());
      setFiles([]);
      onSent(message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (canned.onKeyDown(event) || mention.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.currentTarget.blur();
    }
  };

  const attach = async (list: FileList | null) => {
    setError(null);
    for (const file of Array.from(list ?? [])) {
      try {
        const saved = await upload<Attachment>('/api/v1/attachments', file);
        setFiles((f) => [...f, saved]);
      } catch (err) {
        setError(err);
        break;
      }
    }
    if (filePicker.current) filePicker.current.value = '';
  };

  return (
    <div className={`composer composer-${mode}`}>
      <div className="composer-tabs" role="tablist" aria-label={t('composer.mode')}>
        {(['reply', 'note'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? 'on' : undefined} onClick={() => setMode(m)}>
            {t(m === 'reply' ? 'composer.reply' : 'composer.note')}
          </button>
        ))}
        <span className="composer-hint muted small">{t('composer.hint')}</span>
      </div>
      <AssistSlot conversation={conversation} messages={messages} mode={mode} insert={insert} />
      <div className="composer-field">
        <CannedList picker={canned} />
        <MentionList picker={mention} />
        <textarea
          ref={box}
          rows={3}
          value={text}
          {...comboboxProps(picker.listId, picker.open, picker.active, picker.items.length)}
          aria-label={t(mode === 'reply' ? 'composer.replyLabel' : 'composer.noteLabel')}
          placeholder={t(mode === 'reply' ? 'composer.replyPlaceholder' : 'composer.notePlaceholder')}
          onChange={(e) => {
            setCaret(e.target.selectionStart);
            typed(e.target.value);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
      </div>
      {files.length > 0 && (
        <div className="attachments composer-files">
          {files.map((f) => (
            <span key={f.id} className="file-chip">
              <span className="file-name">{f.filename}</span>
              <span className="muted small">{fileSize(f.size)}</span>
              <button
                type="button"
                className="chip-x"
                aria-label={t('composer.removeFile', { name: f.filename })}
                onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <ErrorNote error={error} />
      <div className="composer-bar">
        <input ref={filePicker} type="file" multiple hidden onChange={(e) => void attach(e.target.files)} />
        <button type="button" className="btn btn-small btn-quiet" onClick={() => edit(insertAtCaret(text, caret, '/'))}>
          {t('canned.open')}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => filePicker.current?.click()}>
          {t('composer.attach')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={busy || (!text.trim() && files.length === 0)}
          onClick={() => void submit()}
        >
          {t(mode === 'reply' ? 'composer.send' : 'composer.addNote')}
        </button>
      </div>
    </div>
  );
}
