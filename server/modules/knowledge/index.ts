export { faqItems, knowledgeLocales, type FaqRow, type KnowledgeLocale } from './schema.ts';
export { registerKnowledgeRoutes, presentFaq } from './routes.ts';
export { knowledgePolicy } from './policy.ts';
export { createFaqs, faqCreate, faqRows, getFaq, listFaqs, updateFaq, deleteFaq, type FaqCreate } from './service.ts';
export { insertFaqs, selectPublishedFaqs } from './repo.ts';
export { registerImportRoutes } from './import-routes.ts';
