import type { AppContext } from '../context.ts';
import type { KefuApp } from '../lib/http.ts';
import type { ChannelKind } from '../modules/inboxes/index.ts';
import { apiAdapter } from './api/index.ts';
import { emailAdapter } from './email/index.ts';
import type { ChannelAdapter } from './types.ts';
import { smsAdapter } from './sms/index.ts';
import { voiceAdapter } from './voice/index.ts';
import { wechatAdapter } from './wechat/index.ts';
import { widgetAdapter } from './widget/index.ts';

/** Every channel Kefu speaks, by kind. The only map from a channel kind to behaviour. */
export const adapters: Record<ChannelKind, ChannelAdapter> = {
  widget: widgetAdapter,
  api: apiAdapter,
  email: emailAdapter,
  wechat: wechatAdapter,
  sms: smsAdapter,
  voice: voiceAdapter,
};

export function adapterFor(channel: ChannelKind): ChannelAdapter {
  return adapters[channel];
}

/** Each channel's public endpoints (webhooks, the widget socket). */
export function registerChannelRoutes(app: KefuApp, ctx: AppContext): void {
  for (const adapter of Object.values(adapters)) adapter.registerRoutes?.(app, ctx);
}

/** Start long-lived channel listeners (the SMTP server); returns one function that stops them all. */
export async function startChannels(ctx: AppContext): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const adapter of Object.values(adapters)) if (adapter.start) stops.push(await adapter.start(ctx));
  return async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
}

export type { ChannelAdapter, ChannelCapabilities, InboundMessage, OutboundMessage, SendResult } from './types.ts';
export { PermanentDeliveryError } from './types.ts';
