import { useEffect, useState } from 'react';
import { ConfirmButton, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { allowedPairs, graphApi, relationTypes, type GraphEntity, type Neighbourhood, type RelationType } from './graph-api.ts';

/** A relation the entity can take part in: its type, and whether the entity is its start or its end. */
interface Option {
  type: RelationType;
  outgoing: boolean;
  otherTypes: GraphEntity['type'][];
}

function optionsFor(entity: GraphEntity): Option[] {
  const out: Option[] = [];
  for (const type of relationTypes) {
    const asFrom = allowedPairs[type].filter(([from]) => from === entity.type).map(([, to]) => to);
    const asTo = allowedPairs[type].filter(([, to]) => to === entity.type).map(([from]) => from);
    if (asFrom.length) out.push({ type, outgoing: true, otherTypes: asFrom });
    if (asTo.length) out.push({ type, outgoing: false, otherTypes: asTo });
  }
  return out;
}

/** The entity's relations (with delete) and a form to add one, offering only the pairs the catalogue allows. */
export function RelationsPanel({
  entity,
  near,
  canEdit,
  onChanged,
  onPick,
}: {
  entity: GraphEntity;
  near: Neighbourhood;
  canEdit: boolean;
  onChanged: () => void;
  onPick: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  const options = optionsFor(entity);
  const [choice, setChoice] = useState(0);
  const [search, setSearch] = useState('');
  const [candidates, setCandidates] = useState<GraphEntity[]>([]);
  const [targetId, setTargetId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const option = options[choice];
  const name = (e: GraphEntity | undefined) => (e ? e.name[locale] || e.name.en : '?');
  const byId = new Map(near.entities.map((e) => [e.id, e]));
  const own = near.relations.filter((r) => r.fromId === entity.id || r.toId === entity.id);

  useEffect(() => {
    if (!option) return;
    let live = true;
    graphApi.list(search, '').then(
      (page) => {
        if (!live) return;
        const fitting = page.items.filter((e) => option.otherTypes.includes(e.type) && e.id !== entity.id);
        setCandidates(fitting);
        setTargetId((current) => (fitting.some((e) => e.id === current) ? current : (fitting[0]?.id ?? '')));
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [search, option, entity.id]);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const add = () => {
    if (!option || !targetId) return;
    const [from, to] = option.outgoing ? [entity.id, targetId] : [targetId, entity.id];
    void run(() => graphApi.relate(from, option.type, to));
  };

  return (
    <section className="graph-relations">
      <h3>{t('graph.relations')}</h3>
      {own.length === 0 && <p className="muted">{t('graph.noRelations')}</p>}
      <ul className="graph-relation-list">
        {own.map((r) => {
          const outgoing = r.fromId === entity.id;
          const other = byId.get(outgoing ? r.toId : r.fromId);
          return (
            <li key={r.id}>
              <span className="graph-rel-type">{t(outgoing ? `graph.rel.${r.type}` : `graph.relIn.${r.type}`)}</span>
              <button type="button" className="link-button" onClick={() => other && onPick(other.id)}>
                {name(other)}
              </button>
              {canEdit && (
                <ConfirmButton
                  label={t('graph.unlink')}
                  confirmLabel={t('graph.confirmUnlink')}
                  onConfirm={() => void run(() => graphApi.unrelate(r.id))}
                />
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && option && (
        <div className="graph-add-relation">
          <select aria-label={t('graph.relationType')} value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {options.map((o, i) => (
              <option key={`${o.type}-${o.outgoing}`} value={i}>
                {t(o.outgoing ? `graph.rel.${o.type}` : `graph.relIn.${o.type}`)}
              </option>
            ))}
          </select>
          <input type="search" placeholder={t('graph.searchTarget')} value={search} onChange={(e) => setSearch(e.target.value)} />
          <select aria-label={t('graph.target')} value={targetId} onChange={(e) => setTargetId(e.target.value)}>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {name(c)} · {t(`graph.type.${c.type}`)}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!targetId} onClick={add}>
            {t('graph.link')}
          </button>
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
