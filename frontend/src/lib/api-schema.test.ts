// The API types are generated from docs/openapi.yaml; this fails when the two drift apart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

it('matches the committed OpenAPI schema (run `npm run gen:api` after changing the API)', () => {
  const root = resolve(__dirname, '../..');
  const out = join(mkdtempSync(join(tmpdir(), 'api-')), 'schema.d.ts');
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [join(root, '../docs/openapi.yaml'), '-o', out], { stdio: 'pipe' });
  expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(root, 'src/lib/api-schema.d.ts'), 'utf8'));
});
