export { faqItems, knowledgeLocales, type FaqRow, type KnowledgeLocale } from './schema.ts';
export { registerKnowledgeRoutes, presentFaq } from './routes.ts';
export { knowledgePolicy } from './policy.ts';
export { createFaqs, faqCreate, faqRows, getFaq, listFaqs, updateFaq, deleteFaq, type FaqCreate } from './service.ts';
export { insertFaqs, selectPublishedFaqs } from './repo.ts';
export { kgEntities, kgRelations, type KgEntityRow, type KgRelationRow } from './graph-schema.ts';
export { registerGraphRoutes } from './graph-routes.ts';
export { graphEntityRows, loadGraph, type GraphEntityCreate } from './graph-service.ts';
export { countEntities, insertEntities, insertRelations } from './graph-repo.ts';
