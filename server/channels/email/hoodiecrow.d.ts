/** The parts of hoodiecrow-imap (a scriptable IMAP server, used by the IMAP poller's tests) that Kefu's tests touch. */
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  interface HoodiecrowMessage {
    uid: number;
    flags: string[];
    raw: string;
  }

  interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    /** Deliver a message into a mailbox, notifying IDLE clients (`raw` as a binary string). */
    appendMessage(mailbox: string, flags: string[], internaldate: Date | false, raw: string): { message: HoodiecrowMessage };
    getMailbox(path: string): { messages: HoodiecrowMessage[] } | undefined;
  }

  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, { messages?: { raw: string; flags?: string[] }[] }>;
    debug?: boolean;
  }

  // eslint-disable-next-line import-x/no-default-export -- describes the package's own default export
  export default function hoodiecrow(options: HoodiecrowOptions): HoodiecrowServer;
}
