export { cannedResponses, cannedScopes, type CannedResponseRow, type CannedScope, type CannedContent } from './schema.ts';
export { registerCannedRoutes, presentCanned, cannedView } from './routes.ts';
export { cannedPolicy } from './policy.ts';
export { cannedCreate, cannedPatch, createCanned, updateCanned, deleteCanned, listCanned, getCanned } from './service.ts';
export { renderCanned } from './render-service.ts';
export { cannedVariables, fillVariables, maskPhone } from './variables.ts';
export { ensureDemoCanned, loadDemoCanned } from './demo.ts';
