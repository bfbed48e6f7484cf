import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getContact } from '../../modules/contacts/index.ts';
import { getConversation } from '../../modules/conversations/index.ts';
import { call, uniqueTag } from '../../test/factories.ts';
import { startSignedKit, type SignedKit } from '../shared-webhooks/test-kit.ts';
import { PermanentDeliveryError } from '../types.ts';
import { voiceAdapter } from './index.ts';
import { callDurationSec, transcriptText, type Segment } from './transcript.ts';

let kit: SignedKit;
beforeAll(async () => {
  kit = await startSignedKit();
});
afterAll(async () => {
  await kit?.close();
});

const mobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const transcript: Segment[] = [
  { speaker: 'ivr', text: '您好，欢迎致电，请按 1 查询订单。', startMs: 0, endMs: 3000 },
  { speaker: 'customer', text: '我想查一下订单 A1024。', startMs: 4000, endMs: 6500 },
  { speaker: 'agent', text: '好的，已经发货了。', startMs: 7000, endMs: 9000 },
  { speaker: 'customer', text: '  ', startMs: 9000 },
];

const callBody = (over: Record<string, unknown> = {}) => ({
  callId: `call-${uniqueTag()}`,
  from: mobile(),
  to: '4008001234',
  direction: 'inbound',
  startedAt: '2024-05-01T10:00:00+08:00',
  endedAt: '2024-05-01T10:02:05+08:00',
  transcript,
  summary: '客户查询订单物流',
  recordingUrl: 'https://calls.example.com/rec/1.mp3',
  ...over,
});

async function upload(inbox: { id: string; secret: string }, body: unknown) {
  return kit.signed(`/channels/voice/${inbox.id}/calls`, inbox.secret, { body });
}

describe('voice channel: call transcripts', () => {
  it('stores a call once, as one customer message holding the transcript', async () => {
    const inbox = await kit.createInbox('voice');
    const body = callBody();
    const first = await upload(inbox, body);
    expect(first.status).toBe(201);
    expect(await upload(inbox, body)).toEqual({ status: 200, body: first.body });

    const [message, ...more] = await kit.messagesOf(first.body.conversationId);
    expect(more).toEqual([]);
    expect(message!.type).toBe('incoming');
    expect(message!.content).toBe('语音导航: 您好，欢迎致电，请按 1 查询订单。\n客户: 我想查一下订单 A1024。\n客服: 好的，已经发货了。');
    expect(message!.contentAttributes).toMatchObject({
      kind: 'voice_transcript',
      callId: body.callId,
      direction: 'inbound',
      durationSec: 125,
      segments: transcript,
      summary: '客户查询订单物流',
      recordingUrl: 'https://calls.example.com/rec/1.mp3',
    });
  });

  it('labels speakers in English when the inbox says so, and takes the customer from `to` on outbound calls', async () => {
    const inbox = await kit.createInbox('voice', { transcriptLocale: 'en' });
    const customer = mobile();
    const res = await upload(inbox, callBody({ direction: 'outbound', from: '4008001234', to: customer, endedAt: undefined }));
    const [message] = await kit.messagesOf(res.body.conversationId);
    expect(message!.content.split('\n')[1]).toBe('Customer: 我想查一下订单 A1024。');
    expect(message!.contentAttributes.durationSec).toBe(9);
    const conversation = await getConversation(kit.kefu.ctx.db, kit.ws.id, res.body.conversationId);
    expect((await getContact(kit.kefu.ctx.db, kit.ws.id, conversation.contactId)).contact.phone).toBe(`+86${customer}`);
  });

  it('joins the contact who texted from the same number by SMS', async () => {
    const number = mobile();
    const sms = await kit.createInbox('sms', { from: '10690000' });
    const texted = await kit.signed(`/channels/sms/${sms.id}/inbound`, sms.secret, {
      body: { from: number, text: '我稍后打电话', providerMessageId: `sm-${uniqueTag()}` },
    });
    const voice = await kit.createInbox('voice');
    const called = await upload(voice, callBody({ from: `+86-${number}` }));
    const [a, b] = await Promise.all(
      [texted.body.conversationId, called.body.conversationId].map((id: string) => getConversation(kit.kefu.ctx.db, kit.ws.id, id)),
    );
    expect(b!.id).not.toBe(a!.id);
    expect(b!.contactId).toBe(a!.contactId);
  });

  it('refuses bad signatures and calls off the schema', async () => {
    const inbox = await kit.createInbox('voice');
    const stale = await kit.signed(`/channels/voice/${inbox.id}/calls`, inbox.secret, { body: callBody(), timestamp: '1000000000' });
    expect({ status: stale.status, code: stale.body.error.code }).toEqual({ status: 401, code: 'signature_stale' });
    const invalid = [
      callBody({ endedAt: '2024-05-01T09:00:00+08:00' }),
      callBody({ direction: 'outbound', to: undefined }),
      callBody({ transcript: [] }),
      callBody({ transcript: [{ speaker: 'customer', text: ' ' }] }),
      callBody({ transcript: [{ speaker: 'robot', text: 'hi' }] }),
      callBody({ from: 'anonymous' }),
      callBody({ recordingUrl: 'javascript:alert(1)' }),
      callBody({ startedAt: 'yesterday' }),
    ];
    for (const body of invalid) {
      const res = await upload(inbox, JSON.parse(JSON.stringify(body)));
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'validation_failed' });
    }
  });

  it('sends nothing back: a text reply is refused up front, and the adapter refuses too', async () => {
    const inbox = await kit.createInbox('voice');
    const res = await upload(inbox, callBody());
    const reply = await call(kit.kefu, 'POST', `/api/v1/conversations/${res.body.conversationId}/messages`, kit.ws.tokens.agent, {
      content: '回电话了',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: ['content'], message: 'this channel cannot send replies' }],
    });
    const note = await call(kit.kefu, 'POST', `/api/v1/conversations/${res.body.conversationId}/messages`, kit.ws.tokens.agent, {
      content: '已回电',
      private: true,
    });
    expect(note.status).toBe(201);
    await expect(voiceAdapter.send(kit.kefu.ctx, {} as never)).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(voiceAdapter.capabilities.maxTextLength).toBe(0);
  });
});

describe('voice transcript helpers', () => {
  it.each([
    { name: 'end time known', startedAt: '2024-05-01T10:00:00Z', endedAt: '2024-05-01T10:00:59.6Z', segments: [], want: 60 },
    { name: 'end from the last timed segment', startedAt: '2024-05-01T10:00:00Z', endedAt: undefined, segments: transcript, want: 9 },
    {
      name: 'nothing timed',
      startedAt: '2024-05-01T10:00:00Z',
      endedAt: undefined,
      segments: [{ speaker: 'agent', text: 'hi' } as Segment],
      want: null,
    },
  ])('callDurationSec: $name', ({ startedAt, endedAt, segments, want }) => {
    expect(callDurationSec(startedAt, endedAt, segments)).toBe(want);
  });

  it('transcriptText labels each speaker and leaves out blank segments', () => {
    expect(transcriptText(transcript, 'en')).toBe(
      'IVR: 您好，欢迎致电，请按 1 查询订单。\nCustomer: 我想查一下订单 A1024。\nAgent: 好的，已经发货了。',
    );
  });
});
