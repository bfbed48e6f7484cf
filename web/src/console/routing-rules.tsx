import { useCallback, useState } from 'react';
import { api, type Items } from '../api.ts';
import { ErrorNote, Loading, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useDirectory } from './directory.tsx';
import type { Inbox, RoutingRule } from './model.ts';
import { parseSkills } from './routing-agents.tsx';

function RuleRow({ inbox, rule }: { inbox: Inbox; rule: RoutingRule | undefined }) {
  const { t, maybe } = useI18n();
  const { teams } = useDirectory();
  const [teamId, setTeamId] = useState(rule?.teamId ?? '');
  const [skills, setSkills] = useState((rule?.skills ?? []).join(', '));
  const [saved, setSaved] = useState({ teamId: rule?.teamId ?? '', skills: (rule?.skills ?? []).join(', ') });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dirty = teamId !== saved.teamId || skills !== saved.skills;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { teamId: teamId || null, skills: parseSkills(skills) };
      await api('PUT', `/api/v1/routing/rules/${encodeURIComponent(inbox.id)}`, body);
      const next = { teamId, skills: body.skills.join(', ') };
      setSkills(next.skills);
      setSaved(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr>
      <td>
        <div className="cell-title">{inbox.name}</div>
        <div className="cell-sub">{maybe(`channel.${inbox.channel}`) ?? inbox.channel}</div>
      </td>
      <td>
        <select value={teamId} onChange={(e) => setTeamId(e.target.value)} aria-label={t('rules.teamOf', { name: inbox.name })}>
          <option value="">{t('rules.anyTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          value={skills}
          onChange={(e) => setSkills(e.target.value)}
          aria-label={t('rules.skillsOf', { name: inbox.name })}
          placeholder={t('routing.skillsPlaceholder')}
        />
        <ErrorNote error={error} />
      </td>
      <td className="actions-col">
        <button type="button" className="btn btn-small" disabled={!dirty || busy} onClick={() => void save()}>
          {t('common.save')}
        </button>
      </td>
    </tr>
  );
}

/** Per inbox: which team its conversations go to and which skills they need. */
export function RoutingRules() {
  const { t } = useI18n();
  const { inboxes } = useDirectory();
  const load = useCallback(() => api<Items<RoutingRule>>('GET', '/api/v1/routing/rules'), []);
  const { data, error } = useLoad(load);
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const byInbox = new Map(data.items.map((r) => [r.inboxId, r]));
  return (
    <section className="card">
      <table className="table">
        <thead>
          <tr>
            <th>{t('queue.inbox')}</th>
            <th>{t('rules.team')}</th>
            <th>{t('rules.skills')}</th>
            <th className="actions-col" aria-label={t('common.actions')} />
          </tr>
        </thead>
        <tbody>
          {inboxes.map((inbox) => (
            <RuleRow key={inbox.id} inbox={inbox} rule={byInbox.get(inbox.id)} />
          ))}
        </tbody>
      </table>
      {inboxes.length === 0 && <p className="empty muted">{t('rules.noInboxes')}</p>}
    </section>
  );
}
