import { useCallback, useState, type FormEvent } from 'react';
import { api, type Items } from '../api.ts';
import { ConfirmButton, FormActions, Loading, Modal, ErrorNote, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useDirectory } from './directory.tsx';
import type { Team } from './model.ts';
import { parseSkills } from './routing-agents.tsx';

/** Create (no `team`) or change a team: its name, members and the skills it covers. */
function TeamModal({ team, onClose, onSaved }: { team: Team | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { users } = useDirectory();
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState<Set<string>>(new Set(team?.memberIds ?? []));
  const [skills, setSkills] = useState((team?.skills ?? []).join(', '));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), memberIds: [...members], skills: parseSkills(skills) };
    try {
      if (team) await api('PATCH', `/api/v1/routing/teams/${encodeURIComponent(team.id)}`, body);
      else await api('POST', '/api/v1/routing/teams', body);
      onSaved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const toggle = (id: string) =>
    setMembers((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Modal title={team ? t('teams.editTitle') : t('teams.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('field.name')}</span>
          <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('teams.namePlaceholder')} />
        </label>
        <label className="field">
          <span>{t('routing.skills')}</span>
          <input value={skills} onChange={(e) => setSkills(e.target.value)} placeholder={t('routing.skillsPlaceholder')} />
        </label>
        <fieldset className="checks member-checks">
          <legend>{t('teams.members')}</legend>
          {users
            .filter((u) => u.status === 'active')
            .map((u) => (
              <label key={u.id} className="check">
                <input type="checkbox" checked={members.has(u.id)} onChange={() => toggle(u.id)} />
                <span>
                  <strong>{u.name}</strong>
                  <small className="muted">{u.email}</small>
                </span>
              </label>
            ))}
        </fieldset>
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('common.save')} />
      </form>
    </Modal>
  );
}

/** Teams: who is in each, and which skills it covers. Routing rules send an inbox's conversations to a team. */
export function RoutingTeams() {
  const { t } = useI18n();
  const directory = useDirectory();
  const load = useCallback(() => api<Items<Team>>('GET', '/api/v1/routing/teams'), []);
  const { data, error, reload } = useLoad(load);
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  const changed = () => {
    setEditing(null);
    reload();
    directory.reload();
  };
  const remove = (team: Team) => {
    setDeleteError(null);
    api('DELETE', `/api/v1/routing/teams/${encodeURIComponent(team.id)}`).then(changed, setDeleteError);
  };

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <div className="toolbar-right">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('teams.new')}
        </button>
      </div>
      <ErrorNote error={deleteError} />
      <section className="card">
        <table className="table">
          <thead>
            <tr>
              <th>{t('field.name')}</th>
              <th>{t('teams.members')}</th>
              <th>{t('routing.skills')}</th>
              <th className="actions-col" aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {data.items.map((team) => (
              <tr key={team.id}>
                <td className="cell-title">{team.name}</td>
                <td>{team.memberIds.map((id) => directory.userName(id) ?? id).join('、') || <span className="muted">—</span>}</td>
                <td>
                  <div className="chips">
                    {team.skills.map((s) => (
                      <span key={s} className="chip">
                        {s}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="actions-col">
                  <div className="row-actions">
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditing(team)}>
                      {t('common.edit')}
                    </button>
                    <ConfirmButton label={t('common.delete')} confirmLabel={t('common.confirmDelete')} onConfirm={() => remove(team)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.items.length === 0 && <p className="empty muted">{t('teams.none')}</p>}
      </section>
      {editing && <TeamModal team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={changed} />}
    </>
  );
}
