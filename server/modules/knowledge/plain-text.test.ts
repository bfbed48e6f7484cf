import { describe, expect, it } from 'vitest';
import { answerAsText } from './plain-text.ts';

describe('answerAsText', () => {
  it.each([
    ['bold and code', '点击**申请退款**，输入`DS123`', '点击申请退款，输入DS123'],
    ['a link', 'See [the guide](https://kefu.example/guide).', 'See the guide (https://kefu.example/guide).'],
    ['a bare link', '[https://a.example](https://a.example)', 'https://a.example'],
    ['lists and lines kept', '- 第一步\n- 第二步\n\n完成', '- 第一步\n- 第二步\n\n完成'],
    ['HTML left as text', '<b>hi</b>', '<b>hi</b>'],
    ['a lone star', '5 * 3 = 15', '5 * 3 = 15'],
  ])('%s', (_name, input, expected) => {
    expect(answerAsText(input)).toBe(expected);
  });
});
