import { cloneElement, useCallback, useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { ApiError, type Role } from '../api.ts';
import { useI18n, type I18n } from '../i18n/index.tsx';

/** The message to show for an error thrown by `api()`: translated by code, else the server's text. */
export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof ApiError) return i18n.maybe(`error.${error.code}`) ?? error.message;
  return i18n.t('error.unexpected');
}

/** Built-in roles get their name in the interface language; custom roles keep theirs. */
export function roleLabel(i18n: I18n, role: Pick<Role, 'key' | 'name' | 'builtin'> | undefined): string {
  if (!role) return '—';
  return (role.builtin && i18n.maybe(`role.${role.key}`)) || role.name;
}

interface FieldIssue {
  path?: unknown;
  message?: string;
}

export function ErrorNote({ error }: { error: unknown }) {
  const i18n = useI18n();
  if (!error) return null;
  const issues =
    error instanceof ApiError && error.code === 'validation_failed' && Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  return (
    <div className="note note-error" role="alert">
      <span>{errorText(i18n, error)}</span>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>
              <code>{Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '')}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A labelled control with a hint below it. The hint describes the control
 * (aria-describedby) without becoming part of its name.
 */
export function HintedField({
  label,
  hint,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': hint ? `${id}-hint` : undefined })}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="muted">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" aria-busy="true">
      {t('common.loading')}
    </div>
  );
}

/** Cancel and the submit button at the foot of a dialog's form; the submit waits while `disabled`. */
export function FormActions({ onCancel, submitLabel, disabled }: { onCancel: () => void; submitLabel: string; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="button" className="btn btn-quiet" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={disabled}>
        {submitLabel}
      </button>
    </div>
  );
}
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    box.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.modal-close)')?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} ref={box}>
        <div className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="icon-button modal-close" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** A secret or link shown once, with a copy button. */
export function CopyField({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }, [value]);
  return (
    <div className="copy-field">
      <input ref={input} readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="btn" onClick={() => void copy()}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'accent'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * Load data for a page: the result, the error, and `reload`.
 * `load` should be stable (wrap it in useCallback) or the page reloads on every render.
 */
export function useLoad<T>(load: () => Promise<T>): { data: T | undefined; error: unknown; reload: () => void; setData: (data: T) => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(null);
      },
      (err: unknown) => {
        if (live) setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [load, round]);
  return { data, error, reload: useCallback(() => setRound((r) => r + 1), []), setData };
}

/** A destructive action that asks once more, in place, instead of a browser dialog. */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = window.setTimeout(() => setArmed(false), 4000);
    return () => window.clearTimeout(timer);
  }, [armed]);
  return (
    <button
      type="button"
      className={armed ? 'btn btn-small btn-danger' : 'btn btn-small btn-quiet'}
      disabled={disabled}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? confirmLabel : label}
    </button>
  );
}
