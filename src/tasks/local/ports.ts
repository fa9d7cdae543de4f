import * as net from 'node:net';
import { LOCAL_HOST } from './plan';

/**
 * `count` distinct free loopback ports. All are held open until every one is chosen, so
 * no two services get the same port; another program could still take one before the
 * service binds it, which only fails that run.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOCAL_HOST, () => resolve());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
