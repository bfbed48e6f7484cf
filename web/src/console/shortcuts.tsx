import { useEffect, useRef } from 'react';
import { Modal } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

export type ShortcutAction = 'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'help' | 'search';

const keys: Record<string, ShortcutAction> = { j: 'next', k: 'previous', r: 'reply', n: 'note', e: 'resolve', '?': 'help', '/': 'search' };

export const shortcutList: { keys: string; label: MessageKey }[] = [
  { keys: 'j / k', label: 'shortcut.move' },
  { keys: 'r', label: 'shortcut.reply' },
  { keys: 'n', label: 'shortcut.note' },
  { keys: 'e', label: 'shortcut.resolve' },
  { keys: '/', label: 'shortcut.search' },
  { keys: 'Enter', label: 'shortcut.send' },
  { keys: 'Shift + Enter', label: 'shortcut.newline' },
  { keys: 'Esc', label: 'shortcut.leave' },
  { keys: '?', label: 'shortcut.help' },
];

/** True while the person types somewhere: single-key shortcuts must not fire then. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Single-key shortcuts of the inbox (j/k move, r reply, n note, e resolve, ? help), ignored while typing or in a dialog. */
export function useShortcuts(handler: (action: ShortcutAction) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typingInField(event.target)) return;
      if (document.querySelector('.modal-backdrop')) return;
      const action = keys[event.key];
      if (!action) return;
      event.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('shortcut.title')} onClose={onClose}>
      <dl className="shortcuts">
        {shortcutList.map((s) => (
          <div key={s.keys} className="kv-row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{t(s.label)}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
