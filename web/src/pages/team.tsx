import { useCallback, useState } from 'react';
import { api, query, type Items, type Page, type Role, type User } from '../api.ts';
import { Badge, ErrorNote, Loading, PageHeader, roleLabel, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { EditUserModal, InviteModal, Invitations } from './team-dialogs.tsx';

const PAGE_SIZE = 50;

/** People in the workspace, their roles and status, and pending invitations. */
export function TeamPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, can, reload: reloadSession } = useSession();
  const manage = can('users.manage');
  const [more, setMore] = useState<{ items: User[]; cursor: string | null; error: unknown }>({ items: [], cursor: null, error: null });
  const [editing, setEditing] = useState<User | null>(null);
  const [inviting, setInviting] = useState(false);
  const [invitationsRound, setInvitationsRound] = useState(0);

  const loadFirst = useCallback(async () => {
    const [users, roles] = await Promise.all([
      api<Page<User>>('GET', `/api/v1/users${query({ limit: PAGE_SIZE })}`),
      api<Items<Role>>('GET', '/api/v1/roles'),
    ]);
    setMore({ items: [], cursor: users.nextCursor, error: null });
    return { users: users.items, roles: roles.items };
  }, []);
  const { data, error, setData } = useLoad(loadFirst);

  const loadMore = async () => {
    try {
      const page = await api<Page<User>>('GET', `/api/v1/users${query({ limit: PAGE_SIZE, cursor: more.cursor })}`);
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, error: null }));
    } catch (err) {
      setMore((m) => ({ ...m, error: err }));
    }
  };

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const users = [...data.users, ...more.items];
  const roleById = new Map(data.roles.map((r) => [r.id, r]));

  const saved = (user: User) => {
    setData({ ...data, users: data.users.map((u) => (u.id === user.id ? user : u)) });
    setMore((m) => ({ ...m, items: m.items.map((u) => (u.id === user.id ? user : u)) }));
    setEditing(null);
    if (user.id === me?.user?.id) void reloadSession();
  };

  return (
    <>
      <PageHeader
        title={t('team.title')}
        description={t('team.description')}
        actions={
          manage && (
            <button type="button" className="btn btn-primary" onClick={() => setInviting(true)}>
              {t('team.invite')}
            </button>
          )
        }
      />
      <section className="card">
        <table className="table">
          <thead>
            <tr>
              <th>{t('field.name')}</th>
              <th>{t('field.role')}</th>
              <th>{t('field.status')}</th>
              <th>{t('team.lastLogin')}</th>
              {manage && <th className="actions-col" aria-label={t('common.actions')} />}
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <div className="cell-title">
                    {user.name} {user.id === me?.user?.id && <Badge tone="accent">{t('team.you')}</Badge>}
                  </div>
                  <div className="cell-sub">{user.email}</div>
                </td>
                <td>{roleLabel(i18n, roleById.get(user.roleId))}</td>
                <td>
                  {user.status === 'active' ? <Badge tone="good">{t('status.active')}</Badge> : <Badge tone="warn">{t('status.disabled')}</Badge>}
                </td>
                <td className="muted">{user.lastLoginAt ? i18n.dateTime(user.lastLoginAt) : t('team.never')}</td>
                {manage && (
                  <td className="actions-col">
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditing(user)}>
                      {t('common.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {more.cursor && (
          <div className="table-foot">
            <button type="button" className="btn" onClick={() => void loadMore()}>
              {t('common.loadMore')}
            </button>
          </div>
        )}
        <ErrorNote error={more.error} />
      </section>
      {manage && <Invitations roles={data.roles} round={invitationsRound} />}
      {editing && <EditUserModal user={editing} roles={data.roles} onClose={() => setEditing(null)} onSaved={saved} />}
      {inviting && <InviteModal roles={data.roles} onClose={() => setInviting(false)} onInvited={() => setInvitationsRound((r) => r + 1)} />}
    </>
  );
}
