export { faqItems, faqVersions, knowledgeLocales, type FaqRow, type KnowledgeLocale } from './schema.ts';
export { registerKnowledgeRoutes } from './routes.ts';
export { presentFaq, isAnswering } from './present.ts';
export { answerAsText } from './plain-text.ts';
export { knowledgePolicy } from './policy.ts';
export { createFaqs, faqCreate, faqRows, getFaq, listFaqs, updateFaq, deleteFaq, type FaqCreate } from './service.ts';
export { insertFaqs, nextValidityChange, selectPublishedFaqs } from './repo.ts';
