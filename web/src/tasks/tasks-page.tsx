import { useCallback, useEffect, useState } from 'react';
import { Badge, ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useTaskCounts } from './task-counts.tsx';
import { completeTask, listTasks, reassignTask, taskStates, taskViews, type Task, type TaskState, type TaskView } from './tasks-api.ts';
import './tasks.css';

/** A survey follow-up's title in the console's language (stored bilingual for API readers); others as written. */
function taskTitle(t: ReturnType<typeof useI18n>['t'], task: Task): string {
  const { rating, contactName } = task.data;
  if (task.source !== 'survey' || typeof rating !== 'number') return task.title;
  return typeof contactName === 'string' ? t('tasks.surveyTitle', { rating, who: contactName }) : t('tasks.surveyTitleAnonymous', { rating });
}

function TaskItem({ task, canManage, onChanged }: { task: Task; canManage: boolean; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const [mode, setMode] = useState<'idle' | 'done' | 'reassign'>('idle');
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setMode('idle');
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const reassign = () => {
    const [kind, id] = target.split(':');
    return reassignTask(task.id, kind === 'team' ? { teamId: id || null } : { assigneeId: id || null });
  };
  return (
    <li className="card task-item" data-task={task.id}>
      <div className="task-head">
        <span className="task-title">{taskTitle(t, task)}</span>
        <Badge>{t(`tasks.source.${task.source}`)}</Badge>
        {task.overdue && <Badge tone="warn">{t('tasks.overdue')}</Badge>}
        {task.status === 'done' && <Badge tone="good">{t('tasks.state.done')}</Badge>}
      </div>
      {task.body && <div className="task-body">{task.body}</div>}
      <div className="task-meta muted">
        {task.dueAt && task.status === 'open' && <span>{t('tasks.due', { when: i18n.dateTime(task.dueAt) })}</span>}
        {task.teamId && <span>{t('tasks.team', { name: directory.teamName(task.teamId) ?? task.teamId })}</span>}
        <span>{task.assigneeId ? t('tasks.assignee', { name: directory.userName(task.assigneeId) ?? task.assigneeId }) : t('tasks.unassigned')}</span>
        {task.conversationId && <Link to={`/inbox/${task.conversationId}`}>{t('tasks.openConversation')}</Link>}
        {task.doneAt && <span>{t('tasks.doneBy', { name: directory.userName(task.doneBy) ?? '—', when: i18n.dateTime(task.doneAt) })}</span>}
      </div>
      {typeof task.data.doneNote === 'string' && <div className="task-body muted">{task.data.doneNote}</div>}
      <ErrorNote error={error} />
      {canManage && task.status === 'open' && (
        <div className="task-actions">
          {mode === 'idle' && (
            <>
              <button type="button" className="btn btn-small btn-primary" onClick={() => setMode('done')}>
                {t('tasks.done')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setMode('reassign')}>
                {t('tasks.reassign')}
              </button>
            </>
          )}
          {mode === 'done' && (
            <>
              <input
                value={note}
                maxLength={2000}
                placeholder={t('tasks.doneNote')}
                aria-label={t('tasks.doneNote')}
                onChange={(e) => setNote(e.target.value)}
              />
              <button type="button" className="btn btn-small btn-primary" onClick={() => void run(() => completeTask(task.id, note))}>
                {t('tasks.confirmDone')}
              </button>
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setMode('idle')}>
                {t('tasks.cancel')}
              </button>
            </>
          )}
          {mode === 'reassign' && (
            <>
              <select value={target} aria-label={t('tasks.reassignTo')} onChange={(e) => setTarget(e.target.value)}>
                <option value="user:">{t('tasks.nobody')}</option>
                {directory.teams.map((team) => (
                  <option key={team.id} value={`team:${team.id}`}>
                    {t('tasks.team', { name: team.name })}
                  </option>
                ))}
                {directory.users
                  .filter((u) => u.status === 'active')
                  .map((u) => (
                    <option key={u.id} value={`user:${u.id}`}>
                      {u.name}
                    </option>
                  ))}
              </select>
              <button type="button" className="btn btn-small btn-primary" onClick={() => void run(reassign)}>
                {t('tasks.reassign')}
              </button>
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setMode('idle')}>
                {t('tasks.cancel')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** /tasks (待办): follow-ups with a due time, by view (mine, my teams, all) and state; new ones appear live. */
export function TasksPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { latestId, refresh } = useTaskCounts();
  const [view, setView] = useState<TaskView>('all');
  const [state, setState] = useState<TaskState>('open');
  const load = useCallback(() => listTasks(view, state), [view, state]);
  const { data, error, reload } = useLoad(load);
  useEffect(() => {
    if (latestId) reload();
  }, [latestId, reload]);
  const changed = () => {
    reload();
    refresh();
  };
  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        description={t('tasks.description')}
        actions={
          <div className="task-filters">
            <div className="segmented" role="group" aria-label={t('tasks.title')}>
              {taskViews.map((v) => (
                <button key={v} type="button" className={v === view ? 'on' : ''} aria-pressed={v === view} onClick={() => setView(v)}>
                  {t(`tasks.view.${v}`)}
                </button>
              ))}
            </div>
            <div className="segmented" role="group">
              {taskStates.map((s) => (
                <button key={s} type="button" className={s === state ? 'on' : ''} aria-pressed={s === state} onClick={() => setState(s)}>
                  {t(`tasks.state.${s}`)}
                </button>
              ))}
            </div>
          </div>
        }
      />
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <div className="card empty muted">{t('tasks.none')}</div>}
      {data && data.items.length > 0 && (
        <ul className="task-list">
          {data.items.map((task) => (
            <TaskItem key={task.id} task={task} canManage={can('tasks.manage')} onChanged={changed} />
          ))}
        </ul>
      )}
    </>
  );
}
