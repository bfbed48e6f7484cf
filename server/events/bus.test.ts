import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from './bus.ts';
import type { EventEnvelope } from './catalogue.ts';

const newBus = () => new EventBus(pino({ level: 'silent' }));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('EventBus', () => {
  it('hands each subscriber the typed payload in an envelope', async () => {
    const bus = newBus();
    const seen: EventEnvelope<'user.joined'>[] = [];
    bus.on('user.joined', (event) => {
      seen.push(event);
    });
    bus.emit('user.joined', { workspaceId: 'wsp_1', userId: 'usr_1' });
    await bus.drain();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: 'user.joined', payload: { workspaceId: 'wsp_1', userId: 'usr_1' } });
    expect(Number.isNaN(Date.parse(seen[0]!.occurredAt))).toBe(false);
  });

  it('delivers only the event subscribed to', async () => {
    const bus = newBus();
    const names: string[] = [];
    bus.on('role.created', (e) => void names.push(e.name));
    bus.on('role.deleted', (e) => void names.push(e.name));
    bus.emit('role.deleted', { workspaceId: 'wsp_1', roleId: 'rol_1' });
    bus.emit('user.disabled', { workspaceId: 'wsp_1', userId: 'usr_1' });
    await bus.drain();
    expect(names).toEqual(['role.deleted']);
  });

  it('keeps going when a listener throws or rejects, and emit itself never throws', async () => {
    const bus = newBus();
    const delivered: string[] = [];
    bus.on('api_key.created', () => {
      throw new Error('listener bug');
    });
    bus.on('api_key.created', async () => {
      await tick();
      throw new Error('async listener bug');
    });
    bus.on('api_key.created', (e) => void delivered.push(e.payload.apiKeyId));
    expect(() => bus.emit('api_key.created', { workspaceId: 'wsp_1', apiKeyId: 'key_1' })).not.toThrow();
    await expect(bus.drain()).resolves.toBeUndefined();
    expect(delivered).toEqual(['key_1']);
  });

  it('does not run listeners inside emit, so the caller is never held up', async () => {
    const bus = newBus();
    let ran = false;
    bus.on('sessions.purged', () => void (ran = true));
    bus.emit('sessions.purged', { count: 1 });
    expect(ran).toBe(false);
    await bus.drain();
    expect(ran).toBe(true);
  });

  it('drain waits for async listeners, including events they emit', async () => {
    const bus = newBus();
    const done: string[] = [];
    bus.on('user.disabled', async (e) => {
      for (let i = 0; i < 5; i++) await tick();
      done.push('disabled');
      bus.emit('user.updated', { workspaceId: e.payload.workspaceId, userId: e.payload.userId, changes: ['status'] });
    });
    bus.on('user.updated', async () => {
      for (let i = 0; i < 5; i++) await tick();
      done.push('updated');
    });
    bus.emit('user.disabled', { workspaceId: 'wsp_1', userId: 'usr_1' });
    await bus.drain();
    expect(done).toEqual(['disabled', 'updated']);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = newBus();
    let count = 0;
    const off = bus.on('workspace.updated', () => void count++);
    bus.emit('workspace.updated', { workspaceId: 'wsp_1', changes: ['name'] });
    await bus.drain();
    off();
    bus.emit('workspace.updated', { workspaceId: 'wsp_1', changes: ['name'] });
    await bus.drain();
    expect(count).toBe(1);
  });

  it('drain resolves at once when nothing is pending', async () => {
    await expect(newBus().drain()).resolves.toBeUndefined();
  });
});
