export { gapSuggestions, type GapSuggestionRow } from './schema.ts';
export { registerGapRoutes } from './routes.ts';
export { gapsPolicy } from './policy.ts';
export { mineGaps, type MiningResult } from './mine-service.ts';
export { mineGapsJob } from './jobs.ts';
export { insertSuggestions } from './repo.ts';
export { forgetGapQuestions } from './privacy-repo.ts';
