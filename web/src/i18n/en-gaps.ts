/**
 * English messages of the knowledge-gap suggestions (/knowledge/gaps).
 * Spread into en.ts; zh-CN-gaps.ts must have the same keys.
 */
export const enGaps = {
  'nav.knowledgeGaps': 'Knowledge gaps',

  'gaps.title': 'Knowledge gaps',
  'gaps.description':
    'Questions the bot could not answer (or answered unsurely), grouped by meaning and ranked by how many conversations asked them. Each is a suggested FAQ item, drafted from what agents replied.',
  'gaps.mine': 'Mine now',
  'gaps.mining': 'Mining…',
  'gaps.mined': 'Looked at {questions} questions: {created} new, {updated} updated, {removed} no longer asked.',
  'gaps.status': 'Show',
  'gaps.status.open': 'Open',
  'gaps.status.accepted': 'Accepted',
  'gaps.status.rejected': 'Rejected',
  'gaps.none': 'No suggestions here. New ones appear as the bot meets questions it cannot answer (mined every hour).',
  'gaps.asked': 'Asked in {count} conversations',
  'gaps.askedOne': 'Asked in 1 conversation',
  'gaps.lastAsked': 'last {when}',
  'gaps.review': 'Review',
  'gaps.hide': 'Hide',
  'gaps.signal.not_understood': 'not understood',
  'gaps.signal.low_confidence': 'answered unsurely',
  'gaps.signal.clarify_failed': 'no option fitted',
  'gaps.signal.handoff': 'handed to an agent',
  'gaps.signal.not_helpful': 'answer did not help',
  'gaps.examples': 'How customers asked',
  'gaps.openConversation': 'Open the conversation',
  'gaps.question': 'Standard question',
  'gaps.similar': 'Similar questions (one per line)',
  'gaps.answer': 'Answer',
  'gaps.answerHint': 'Drafted from the agents’ replies (phones and emails masked). Check it before accepting.',
  'gaps.noDraft': 'No agent answered these questions yet: write the answer.',
  'gaps.accept': 'Accept as FAQ item',
  'gaps.accepted': 'Added to the knowledge base. The bot answers it within seconds.',
  'gaps.reject': 'Reject',
  'gaps.confirmReject': 'Click again to reject',
  'gaps.draft': 'Draft answer',
  'gaps.faqCreated': 'FAQ item created',
  'error.gap_suggestion_decided': 'Someone already accepted or rejected this suggestion.',
};
