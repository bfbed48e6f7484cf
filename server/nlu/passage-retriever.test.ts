import { describe, expect, it } from 'vitest';
import { buildPassageIndex, passageTerms, type PassageDoc } from './passage-retriever.ts';
import { createTextAnalyzer } from './text.ts';

const analyzer = createTextAnalyzer([{ word: 'X3' }]);
const passages: PassageDoc[] = [
  { id: 'zh-light', lang: 'zh', title: 'X3 使用手册', headings: ['指示灯说明'], text: '红色快速闪烁表示充电异常，请把充电盒移到常温环境。' },
  { id: 'zh-clean', lang: 'zh', title: 'X3 使用手册', headings: ['清洁与保养'], text: '耳塞套可以取下后用清水冲洗，晾干后再装回。' },
  {
    id: 'en-light',
    lang: 'en',
    title: 'X3 manual',
    headings: ['Indicator light'],
    text: 'Fast blinking red means a charging problem; move the case somewhere warmer.',
  },
  {
    id: 'en-clean',
    lang: 'en',
    title: 'X3 manual',
    headings: ['Cleaning and care'],
    text: 'The ear tips can be rinsed with clean water and dried before fitting them again.',
  },
];
const index = buildPassageIndex(passages, analyzer);
const best = (text: string) => index.search(analyzer.analyze(text), 1)[0];

describe('passage retrieval', () => {
  it.each([
    ['充电盒红色闪烁是什么意思', 'zh-light'],
    ['耳塞套能用清水冲洗吗', 'zh-clean'],
    ['what does blinking red mean', 'en-light'],
    ['can I rinse the ear tips with water', 'en-clean'],
  ])('%s → %s, covering most of the question', (question, id) => {
    const hit = best(question);
    expect(hit?.passageId).toBe(id);
    expect(hit!.score).toBeGreaterThanOrEqual(0.4);
  });

  it.each(['今天天气怎么样', 'tell me a joke', '耳机', 'what is the weather like'])('%s finds nothing that covers it', (question) => {
    expect(best(question)?.score ?? 0).toBeLessThan(0.4);
  });

  it('answers in the language of the question only', () => {
    expect(index.search(analyzer.analyze('blinking red'), 5).every((hit) => hit.passageId.startsWith('en-'))).toBe(true);
  });

  it('leaves question words out of the terms', () => {
    expect(passageTerms(analyzer.analyze('请问耳塞套怎么清洗呢').tokens).words).toEqual(['耳塞', '套', '清洗']);
  });
});
