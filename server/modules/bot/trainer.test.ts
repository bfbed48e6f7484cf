import { afterAll, describe, expect, it } from 'vitest';
import { trainIntentClassifier } from '../../nlu/intent-classifier.ts';
import { createTextAnalyzer } from '../../nlu/text.ts';
import type { TrainingData } from '../../nlu/types.ts';
import { createTrainer, trainIntentModel } from './trainer.ts';

const data: TrainingData = {
  examples: [
    ...['我要退货', '想退掉这个', '怎么申请退货', 'I want to return this', 'how do I send it back', 'return my order'].map((text) => ({
      text,
      label: 'return_request',
    })),
    ...['我的快递到哪了', '物流信息查一下', '包裹怎么还没到', 'where is my parcel', 'track my package', 'has my order shipped'].map((text) => ({
      text,
      label: 'track_package',
    })),
    ...['你好', '在吗', '您好呀', 'hello', 'hi there', 'good morning'].map((text) => ({ text, label: 'greet' })),
  ],
  faqs: [{ id: 'shipping-fee', questions: ['运费多少钱', '包邮吗', 'how much is shipping', 'is delivery free'] }],
  dictionary: [],
};

describe('training on a worker thread', () => {
  const trainer = createTrainer();
  afterAll(() => trainer.stop());

  it('gives the same model as training inline: same labels, same answers, same confidences', async () => {
    const [background, inline] = [await trainer.train(data), trainIntentClassifier(data)];
    expect(background.labels).toEqual(inline.labels);
    const analyzer = createTextAnalyzer();
    for (const text of ['我想退货', '快递到哪里了', 'hello!', 'is shipping free', 'what is the weather']) {
      const message = analyzer.analyze(text);
      expect(background.predict(message), text).toEqual(inline.predict(message));
    }
    expect(background.predict(analyzer.analyze('我想退货')).name).toBe('return_request');
  });

  it('refuses work once stopped', async () => {
    const stopped = createTrainer();
    await stopped.stop();
    await expect(stopped.train(data)).rejects.toThrow('stopped');
  });

  it('refuses a training cut short by shutdown as stopped, so it is not redone on the main thread', async () => {
    const cut = createTrainer();
    const job = cut.train(data);
    await cut.stop();
    await expect(job).rejects.toThrow('the bot trainer is stopped');
    let fellBack = false;
    const again = createTrainer();
    const inFlight = trainIntentModel(again, data, () => (fellBack = true));
    await again.stop();
    await expect(inFlight).rejects.toThrow('stopped');
    expect(fellBack).toBe(false);
  });

  it('reports a training failure instead of hanging', async () => {
    await expect(trainer.train({ examples: null, faqs: [], dictionary: [] } as unknown as TrainingData)).rejects.toThrow();
  });
});
