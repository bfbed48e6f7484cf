import { useState, type FormEvent } from 'react';
import { ConfirmButton, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { answerTypes, entityTypes, graphApi, type EntityType, type GraphEntity } from './graph-api.ts';

/** Aliases are typed one a line (or separated by commas), because they hold spaces ("X3 earbuds"). */
const splitAliases = (text: string) =>
  text
    .split(/[\n,，]/)
    .map((a) => a.trim())
    .filter(Boolean);

/**
 * The form for one entity: its type (new entities only), names in both
 * languages, aliases, and for solutions and policies the answer text.
 */
export function EntityEditor({
  entity,
  canEdit,
  onSaved,
  onDeleted,
}: {
  entity: GraphEntity | null;
  canEdit: boolean;
  onSaved: (entity: GraphEntity) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const [type, setType] = useState<EntityType>(entity?.type ?? 'product');
  const [zh, setZh] = useState(entity?.name['zh-CN'] ?? '');
  const [en, setEn] = useState(entity?.name.en ?? '');
  const [aliases, setAliases] = useState((entity?.aliases ?? []).join('\n'));
  const [textZh, setTextZh] = useState(entity?.description['zh-CN'] ?? '');
  const [textEn, setTextEn] = useState(entity?.description.en ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const description = { ...(textZh.trim() ? { 'zh-CN': textZh.trim() } : {}), ...(textEn.trim() ? { en: textEn.trim() } : {}) };
    const input = { name: { 'zh-CN': zh.trim(), en: en.trim() }, aliases: splitAliases(aliases), description };
    try {
      const result = entity ? await graphApi.update(entity.id, input) : await graphApi.create({ ...input, type });
      setSaved(true);
      onSaved(result);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  const remove = async () => {
    if (!entity) return;
    try {
      await graphApi.remove(entity.id);
      onDeleted();
    } catch (err) {
      setError(err);
    }
  };

  const answers = answerTypes.includes(entity?.type ?? type);
  return (
    <form className="form graph-editor" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>{t('graph.field.type')}</span>
        <select value={entity?.type ?? type} disabled={!!entity || !canEdit} onChange={(e) => setType(e.target.value as EntityType)}>
          {entityTypes.map((k) => (
            <option key={k} value={k}>
              {t(`graph.type.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <label className="field">
          <span>{t('graph.field.nameZh')}</span>
          <input maxLength={120} value={zh} disabled={!canEdit} onChange={(e) => setZh(e.target.value)} placeholder="X3 耳机" />
        </label>
        <label className="field">
          <span>{t('graph.field.nameEn')}</span>
          <input maxLength={120} value={en} disabled={!canEdit} onChange={(e) => setEn(e.target.value)} placeholder="X3 earbuds" />
        </label>
      </div>
      <label className="field">
        <span>{t('graph.field.aliases')}</span>
        <textarea rows={3} value={aliases} disabled={!canEdit} onChange={(e) => setAliases(e.target.value)} />
        <small className="muted">{t('graph.field.aliasesHint')}</small>
      </label>
      {answers && (
        <>
          <label className="field">
            <span>{t('graph.field.textZh')}</span>
            <textarea rows={3} maxLength={4000} value={textZh} disabled={!canEdit} onChange={(e) => setTextZh(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('graph.field.textEn')}</span>
            <textarea rows={3} maxLength={4000} value={textEn} disabled={!canEdit} onChange={(e) => setTextEn(e.target.value)} />
          </label>
        </>
      )}
      <ErrorNote error={error} />
      {saved && !error && <div className="note note-good">{t('common.saved')}</div>}
      {canEdit && (
        <div className="form-actions">
          {entity && <ConfirmButton label={t('graph.delete')} confirmLabel={t('graph.confirmDelete')} onConfirm={() => void remove()} />}
          <button type="submit" className="btn btn-primary" disabled={busy || (!zh.trim() && !en.trim())}>
            {entity ? t('common.save') : t('graph.create')}
          </button>
        </div>
      )}
    </form>
  );
}
