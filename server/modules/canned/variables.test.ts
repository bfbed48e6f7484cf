import { describe, expect, it } from 'vitest';
import { fillVariables, maskPhone } from './variables.ts';

describe('fillVariables', () => {
  const values = { 'contact.name': '张三', 'agent.name': 'Wang', 'contact.email': null, 'conversation.id': 'conv_1' };
  it.each([
    ['{{contact.name}}您好', '张三您好'],
    ['{{ contact.name }} / {{CONTACT.NAME}}', '张三 / 张三'],
    ['Hi, I am {{agent.name}} ({{conversation.id}})', 'Hi, I am Wang (conv_1)'],
    ['email: {{contact.email}}.', 'email: .'],
    ['inbox: {{inbox.name}}', 'inbox: '],
    ['order {{order.id}}, {{contact.nickname}}, {{ }}', 'order {{order.id}}, {{contact.nickname}}, {{ }}'],
    ['{contact.name} {{contact.name}', '{contact.name} {{contact.name}'],
    ['no variables', 'no variables'],
  ])('%s → %s', (template, expected) => {
    expect(fillVariables(template, values)).toBe(expected);
  });
});

describe('maskPhone', () => {
  it.each([
    ['+8613812345678', '138****5678'],
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['+14155550123', '+141****0123'],
    ['02112345678', '021****5678'],
    ['12345', '****'],
    [null, null],
  ])('%s → %s', (phone, expected) => {
    expect(maskPhone(phone)).toBe(expected);
  });
});
