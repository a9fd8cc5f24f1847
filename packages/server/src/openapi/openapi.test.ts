import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatOpenApi, generateOpenApi, openApiPath } from './generate';

describe('docs/openapi.json', () => {
  it('matches the document the server generates', async () => {
    const generated = formatOpenApi(await generateOpenApi());
    const committed = await readFile(openApiPath, 'utf8').catch(() => '');
    expect(committed, 'docs/openapi.json is stale: run `npm run openapi` and commit the result').toBe(
      generated,
    );
  });

  it('is OpenAPI 3.1 and hides the operational routes', async () => {
    const document: { openapi?: string; info?: { title?: string }; paths?: object } = await generateOpenApi();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info?.title).toBe('FPR Online API');
    const paths = Object.keys(document.paths ?? {});
    expect(paths.filter((path) => path.startsWith('/health') || path === '/metrics')).toEqual([]);
  });

  it('sorts keys at every level', () => {
    expect(formatOpenApi({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      `${JSON.stringify({ a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 }, null, 2)}\n`,
    );
  });
});
