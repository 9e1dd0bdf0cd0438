import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process.ts';

const CANDIDATES = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'];

/** Debian's haproxy binary, or undefined when it is not installed. */
export function haproxyBinary(): string | undefined {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

export type Haproxy = { url: string; port: number; output: () => string; stop: () => Promise<void> };

/**
 * HAProxy in front of `servers`, on a port of its own: round robin per request, the client's
 * address appended to X-Forwarded-For (so instances trust one hop), health checks on /readyz, a
 * refused connection retried on the other server, and `X-Mixx-Instance` naming the server that
 * answered (for the tests only).
 */
export async function startHaproxy(opts: { servers: { name: string; port: number }[]; port?: number }): Promise<Haproxy> {
  const binary = haproxyBinary();
  if (!binary) throw new Error('haproxy is not installed');
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mixx-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 2000',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 120s',
      '  timeout server 120s',
      '  retries 3',
      '  option redispatch',
      '  option forwardfor',
      'frontend mixx',
      `  bind 127.0.0.1:${port}`,
      '  default_backend instances',
      'backend instances',
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      '  http-response set-header X-Mixx-Instance %[srv_name]',
      ...opts.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check inter 1s fall 2 rise 1`),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Up once every server has answered through it.
  const seen = new Set<string>();
  const deadline = Date.now() + 60_000;
  while (seen.size < opts.servers.length) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not reach every server:\n${out}`);
    const name = await fetch(`${url}/readyz`).then(
      (r) => (r.status === 200 ? r.headers.get('x-mixx-instance') : null),
      () => null,
    );
    if (name) seen.add(name);
    else await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
