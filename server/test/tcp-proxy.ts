import net from 'node:net';

/** A TCP forwarder a test can cut and restore, to play a Redis that goes away and comes back. */
export interface TcpProxy {
  url: string;
  /** Drop every connection and refuse new ones (the port stays reserved). */
  cut(): Promise<void>;
  /** Accept and forward again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Forward a local port to `target` (host:port).
 *
 * @example const proxy = await startTcpProxy('127.0.0.1:6379'); // redis://127.0.0.1:<port>
 */
export async function startTcpProxy(target: string, scheme = 'redis'): Promise<TcpProxy> {
  const [host, port] = target.split(':') as [string, string];
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let listenPort = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect({ host, port: Number(port) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        listenPort = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await listen();
  return { url: `${scheme}://127.0.0.1:${listenPort}`, cut, restore: listen, close: cut };
}
