import type { TextView } from './features.ts';
import type { TextAnalyzer } from './text.ts';
import type { Lang, TrainingData } from './types.ts';

export interface Example {
  text: TextView;
  label: number;
}

/**
 * Everyday off-topic lines, written for Kefu: held out of training, they teach
 * the calibration how an intent's score looks on text that is none of them.
 */
export const OFF_TOPIC = [
  "what's the weather like tomorrow|tell me a joke|who won the football match last night|what is the capital of france|recommend a good movie",
  'how tall is mount everest|what time is it in tokyo|can you sing a song|i like pizza|play some music|how do i bake a chocolate cake',
  'what is the meaning of life|translate hello into spanish|how far is the moon|what is your favourite colour|my cat is sleeping on the sofa',
  'is it going to rain today|best places to visit in italy|how many legs does a spider have|write me a poem about the sea|what is two plus two',
  'the train was late this morning|let us talk about dinosaurs|which team will win the world cup|how do i learn to swim|why is the sky blue',
  'good books to read this summer|how to fix a flat bicycle tyre|how old is the universe|i am bored|what should i cook tonight|teach me chess',
  '今天天气怎么样|给我讲个笑话|昨晚足球比赛谁赢了|法国的首都是哪里|推荐一部好看的电影|珠穆朗玛峰有多高|东京现在几点|你会唱歌吗|我喜欢吃火锅',
  '放一首歌听听|巧克力蛋糕怎么做|人生的意义是什么|月亮离地球有多远|你最喜欢什么颜色|我的猫在沙发上睡觉|明天会下雨吗|去意大利旅游哪里好玩',
  '蜘蛛有几条腿|写一首关于大海的诗|一加一等于几|今天早上地铁晚点了|我们聊聊恐龙吧|世界杯哪个队会赢|怎么学游泳|天空为什么是蓝色的',
  '暑假有什么好书推荐|自行车胎破了怎么补|宇宙有多少岁了|好无聊啊|今晚做什么菜|教我下象棋|熊猫吃什么|周末去爬山吧|李白是哪个朝代的',
].flatMap((line) => line.split('|'));

/** Every labelled example and FAQ question once, in a canonical order so input order never changes the model. */
export function collectExamples(data: TrainingData, analyzer: TextAnalyzer, lang: Lang | undefined): { labels: string[]; examples: Example[] } {
  const pairs = new Map<string, { text: string; label: string }>();
  const add = (text: string, label: string) => {
    if (text.trim() && label && label !== 'oos') pairs.set(`${label}\u0000${text}`, { text, label });
  };
  for (const example of data.examples) add(example.text, example.label);
  for (const faq of data.faqs) for (const question of faq.questions) add(question, `faq:${faq.id}`);
  const sorted = [...pairs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  const labels = [...new Set(sorted.map((e) => e.label))];
  const index = new Map(labels.map((label, i) => [label, i]));
  return {
    labels,
    examples: sorted.map((e) => ({ text: analyzer.analyze(e.text, lang), label: index.get(e.label) as number })),
  };
}
