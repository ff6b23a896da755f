// Starts the real Django server on the demo data (scripts/demo.sh) on a fresh SQLite database and free ports.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

async function waitFor(url, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`o servidor parou (código ${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`o servidor não respondeu em ${seconds} s`);
}

/** The demo on its own database; `stop()` ends it. Output goes to e2e/artifacts/server.log. */
export async function startServer({ log, size = 'm', solveSeconds = process.env.E2E_SOLVE_SECONDS ?? '5' }) {
  const dir = mkdtempSync(join(tmpdir(), 'agendador-e2e-'));
  const [port, googlePort] = [await freePort(), await freePort()];
  const child = spawn('bash', ['scripts/demo.sh'], {
    cwd: ROOT,
    detached: true, // its own process group, so stop() ends the fake Google too
    env: {
      ...process.env,
      DEMO_DATABASE_URL: `sqlite:///${dir}/e2e.sqlite3`,
      DEMO_ADDR: `127.0.0.1:${port}`,
      DEMO_GOOGLE_PORT: String(googlePort),
      DEMO_GOOGLE_STATE: join(dir, 'fake-google.json'),
      DEMO_TIME_LIMIT: String(solveSeconds),
      DEMO_SIZE: size,
    },
    stdio: ['ignore', log, log],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/api/auth/session/`, child, 300);
  } catch (error) {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    throw error;
  }
  return {
    base,
    googleBase: `http://127.0.0.1:${googlePort}`,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
