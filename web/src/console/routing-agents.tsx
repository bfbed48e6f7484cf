import { useCallback, useState } from 'react';
import { api, type Items } from '../api.ts';
import { ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { RoutingAgent } from './model.ts';
import { useRealtimeEvents } from './realtime.tsx';

/** "售后, 金融，物流、en" → ['售后', '金融', '物流', 'en']: commas in either script, or 、. */
export function parseSkills(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function AgentRow({ agent, onSaved }: { agent: RoutingAgent; onSaved: (a: RoutingAgent) => void }) {
  const { t } = useI18n();
  const [skills, setSkills] = useState(agent.skills.join(', '));
  const [capacity, setCapacity] = useState(String(agent.capacity));
  const [state, setState] = useState<{ busy: boolean; error: unknown; saved: boolean }>({ busy: false, error: null, saved: false });
  const dirty = skills !== agent.skills.join(', ') || Number(capacity) !== agent.capacity;

  const save = async () => {
    setState({ busy: true, error: null, saved: false });
    try {
      const body = { skills: parseSkills(skills), capacity: Number(capacity) };
      const next = await api<Partial<RoutingAgent>>('PATCH', `/api/v1/routing/agents/${encodeURIComponent(agent.userId)}`, body);
      onSaved({ ...agent, ...body, ...next });
      setSkills(parseSkills(skills).join(', '));
      setState({ busy: false, error: null, saved: true });
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  };

  return (
    <tr>
      <td>
        <div className="cell-title">{agent.name}</div>
        <div className="cell-sub">{agent.email}</div>
      </td>
      <td>
        <span className="nowrap">
          <span className={`presence-dot presence-${agent.presence}`} aria-hidden="true" /> {t(`presence.${agent.presence}` as const)}
        </span>
      </td>
      <td className="nowrap">{t('presence.load', { active: agent.activeCount, capacity: agent.capacity })}</td>
      <td>
        <input
          value={skills}
          onChange={(e) => setSkills(e.target.value)}
          aria-label={t('routing.skillsOf', { name: agent.name })}
          placeholder={t('routing.skillsPlaceholder')}
        />
        <ErrorNote error={state.error} />
      </td>
      <td>
        <input
          type="number"
          min={0}
          max={50}
          className="narrow-input"
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          aria-label={t('routing.capacityOf', { name: agent.name })}
        />
      </td>
      <td className="actions-col">
        <button type="button" className="btn btn-small" disabled={!dirty || state.busy} onClick={() => void save()}>
          {state.saved && !dirty ? t('common.saved') : t('common.save')}
        </button>
      </td>
    </tr>
  );
}

/** Each agent's skills and capacity (how many conversations at once), with their presence and load live. */
export function RoutingAgents() {
  const { t } = useI18n();
  const load = useCallback(() => api<Items<RoutingAgent>>('GET', '/api/v1/routing/agents'), []);
  const { data, error, setData } = useLoad(load);

  useRealtimeEvents((event) => {
    if (event.type === 'agent.presence_changed' && data) {
      setData({ items: data.items.map((a) => (a.userId === event.userId ? { ...a, presence: event.presence } : a)) });
    }
  });

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  return (
    <section className="card">
      <table className="table">
        <thead>
          <tr>
            <th>{t('field.name')}</th>
            <th>{t('routing.presence')}</th>
            <th>{t('routing.load')}</th>
            <th>{t('routing.skills')}</th>
            <th>{t('routing.capacity')}</th>
            <th className="actions-col" aria-label={t('common.actions')} />
          </tr>
        </thead>
        <tbody>
          {data.items.map((agent) => (
            <AgentRow key={agent.userId} agent={agent} onSaved={(a) => setData({ items: data.items.map((x) => (x.userId === a.userId ? a : x)) })} />
          ))}
        </tbody>
      </table>
      {data.items.length === 0 && <p className="empty muted">{t('routing.noAgents')}</p>}
    </section>
  );
}
