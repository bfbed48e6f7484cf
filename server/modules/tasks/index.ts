export { tasks, taskStatuses, taskSources, type TaskRow, type TaskStatus, type TaskSource } from './schema.ts';
export { registerTaskRoutes } from './routes.ts';
export { registerTaskListeners } from './events.ts';
export { tasksPolicy } from './policy.ts';
export { presentTask, taskView, type TaskView } from './present.ts';
export { createTask, announceTask, type TaskInput } from './service.ts';
export { selectTasksAbout, stripTasksAbout } from './privacy-repo.ts';
