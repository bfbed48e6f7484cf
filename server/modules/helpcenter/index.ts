export { helpcenterFeedback, feedbackTargets, type FeedbackTarget, type FeedbackRow } from './schema.ts';
export { registerHelpcenterRoutes } from './routes.ts';
export { helpcenterPolicy } from './policy.ts';
export { recordFeedback, feedbackCounts, mostHelpfulKeys, visitorIdSchema, type FeedbackInput } from './service.ts';
