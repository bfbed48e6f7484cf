export { surveySettings, surveyRequests, surveyResponses, type SurveyRequestRow, type SurveyResponseRow } from './schema.ts';
export { registerFeedbackRoutes } from './routes.ts';
export { feedbackPolicy } from './policy.ts';
export { getSurveySettings } from './service.ts';
export {
  defaultSurveySettings,
  surveySettingsSchema,
  surveyLocales,
  type SurveySettings,
  type SurveyForm,
  type SurveyLocale,
  type SurveyQuestion,
} from './settings.ts';
export { openSurveyRequest, surveyMessage, surveyModeFor, type SurveySubjectFacts } from './ask-service.ts';
export { openSurvey, recordSurveyAnswer, attachTask, surveyAnswerBody, CHANGE_WINDOW_MS, type SurveyAnswer } from './answer-service.ts';
export { lockUnsentRequest, markRequestSent, selectDueRequests, selectTicketConversationId } from './repo.ts';
export { surveyUrl } from './token.ts';
export { findSurveyContact, selectSurveysOfContacts, stripSurveyAnswers } from './privacy-repo.ts';
