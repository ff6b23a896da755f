// The board's benchmark (docs/benchmarks.md, "Dashboard"): an l-size week in Chromium against the real server.
// Not a test: it prints figures. `npm run bench:board` (E2E_SIZE=m|l|xl, default l).
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const size = process.env.E2E_SIZE ?? 'l';
const log = openSync(join(import.meta.dirname, 'artifacts', `bench-${size}.log`), 'w');
const server = await startServer({ log, size, solveSeconds: process.env.E2E_SOLVE_SECONDS ?? '30' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await page.getByLabel('Usuário').fill('coordenador');
  await page.getByLabel('Senha').fill('agendador');
  const detail = page.waitForResponse((r) => /\/api\/versions\/\d+\/$/.test(new URL(r.url()).pathname));
  await page.getByRole('button', { name: 'Entrar' }).click();
  const response = await detail;
  const body = await response.body();
  await page.locator('.card').first().waitFor();
  await page.waitForTimeout(500);
  const figures = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => /\/api\/versions\/\d+\/$/.test(new URL(e.name).pathname));
    const committed = performance.getEntriesByName('board-committed').map((m) => m.startTime).filter((t) => t >= entry.responseEnd);
    return {
      version_request_ms: Math.round(entry.responseEnd - entry.requestStart),
      transfer_bytes: entry.transferSize,
      first_render_after_data_ms: Math.round(committed[0] - entry.responseEnd),
      cards_on_screen: document.querySelectorAll('.card').length,
    };
  });
  const gzip = (await response.allHeaders())['content-encoding'] ?? 'none';
  const allocations = JSON.parse(body.toString()).allocations.length;

  // One drag of 40 pointer moves: how often does the whole board render?
  const card = page.locator('.card').nth(3);
  const box = await card.boundingBox();
  const before = await page.evaluate(() => performance.getEntriesByName('board-render').length);
  const started = Date.now();
  await page.mouse.move(box.x + 3, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + 3 + i * 12, box.y + box.height / 2 + (i % 5) * 8);
  const dragMs = Date.now() - started;
  await page.keyboard.press('Escape');
  await page.mouse.up();
  const renders = (await page.evaluate(() => performance.getEntriesByName('board-render').length)) - before;
  console.log(JSON.stringify({ size, allocations, content_encoding: gzip, ...figures, drag_pointer_moves: 40, board_renders_during_drag: renders, drag_ms: dragMs }, null, 2));
} finally {
  await browser.close();
  server.stop();
}
