import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { entityTypes, graphApi, type EntityType, type GraphEntity } from './graph-api.ts';
import { GraphView } from './graph-chart.tsx';
import { EntityEditor } from './graph-editor.tsx';
import { RelationsPanel } from './graph-relations.tsx';
import './graph.css';

const PATH = '/knowledge/graph';
const open = (id: string | null) => navigate(id ? `${PATH}?id=${encodeURIComponent(id)}` : PATH);

/** Search and list entities by name or alias, filtered by type. */
function EntityList({ selected, version }: { selected: string | null; version: number }) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const [type, setType] = useState<EntityType | ''>('');
  const load = useCallback(() => graphApi.list(q, type), [q, type, version]);
  const { data, error } = useLoad(load);
  return (
    <aside className="card graph-list">
      <input type="search" aria-label={t('graph.search')} placeholder={t('graph.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      <select aria-label={t('graph.field.type')} value={type} onChange={(e) => setType(e.target.value as EntityType | '')}>
        <option value="">{t('graph.allTypes')}</option>
        {entityTypes.map((k) => (
          <option key={k} value={k}>
            {t(`graph.type.${k}`)}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
      {data?.items.length === 0 && <p className="muted">{t('graph.none')}</p>}
      <ul>
        {data?.items.map((e) => (
          <li key={e.id}>
            <button type="button" className={e.id === selected ? 'graph-item active' : 'graph-item'} onClick={() => open(e.id)}>
              <span className={`graph-dot graph-dot-${e.type}`} aria-hidden="true" />
              <span className="graph-item-name">{e.name[locale] || e.name.en}</span>
              <span className="muted">{t(`graph.type.${e.type}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** "What would the bot answer?": the graph's reply to a question typed here. */
function AskBox() {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const [reply, setReply] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setReply((await graphApi.ask(text)).answer?.reply[locale] ?? null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card graph-ask" onSubmit={(e) => void ask(e)}>
      <input aria-label={t('graph.ask')} placeholder={t('graph.askPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn" disabled={!text.trim()}>
        {t('graph.ask')}
      </button>
      {reply !== undefined && <p className="graph-reply">{reply ?? t('graph.noAnswer')}</p>}
      <ErrorNote error={error} />
    </form>
  );
}

/** The selected entity: its form, its relations and its neighbourhood drawn as a graph. */
function EntityDetail({ id, canEdit, onChanged }: { id: string; canEdit: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const [depth, setDepth] = useState<1 | 2>(1);
  const [round, setRound] = useState(0);
  const load = useCallback(() => graphApi.neighbourhood(id, depth), [id, depth, round]);
  const { data, error } = useLoad(load);
  const entity = data?.entities.find((e) => e.id === id);
  const changed = () => {
    setRound((r) => r + 1);
    onChanged();
  };
  if (error) return <ErrorNote error={error} />;
  if (!data || !entity) return <Loading />;
  return (
    <div className="graph-detail">
      <section className="card">
        <EntityEditor
          key={entity.id + entity.updatedAt}
          entity={entity}
          canEdit={canEdit}
          onSaved={changed}
          onDeleted={() => (onChanged(), open(null))}
        />
        <RelationsPanel entity={entity} near={data} canEdit={canEdit} onChanged={changed} onPick={open} />
      </section>
      <section className="card graph-view">
        <div className="graph-view-head">
          <h3>{t('graph.view')}</h3>
          <div className="segmented" role="group" aria-label={t('graph.depth')}>
            {([1, 2] as const).map((d) => (
              <button key={d} type="button" className={d === depth ? 'on' : undefined} aria-pressed={d === depth} onClick={() => setDepth(d)}>
                {t('graph.depthN', { n: d })}
              </button>
            ))}
          </div>
        </div>
        <GraphView data={data} onPick={open} />
      </section>
    </div>
  );
}

/**
 * /knowledge/graph: the knowledge graph's entities and relations, edited by
 * knowledge managers and read by everyone with knowledge.read.
 */
export function GraphPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const selected = query.get('id');
  const creating = query.get('new') === '1';
  const canEdit = can('knowledge.manage');
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    document.title = `${t('graph.title')} · Kefu`;
  }, [t]);
  return (
    <>
      <PageHeader
        title={t('graph.title')}
        description={t('graph.description')}
        actions={
          canEdit && (
            <button type="button" className="btn btn-primary" onClick={() => navigate(`${PATH}?new=1`)}>
              {t('graph.new')}
            </button>
          )
        }
      />
      <AskBox />
      <div className="graph-layout">
        <EntityList selected={selected} version={version} />
        {creating && canEdit ? (
          <section className="card">
            <EntityEditor
              entity={null}
              canEdit
              onSaved={(e: GraphEntity) => {
                bump();
                open(e.id);
              }}
              onDeleted={() => open(null)}
            />
          </section>
        ) : selected ? (
          <EntityDetail key={selected} id={selected} canEdit={canEdit} onChanged={bump} />
        ) : (
          <div className="card empty muted">{t('graph.pick')}</div>
        )}
      </div>
    </>
  );
}
