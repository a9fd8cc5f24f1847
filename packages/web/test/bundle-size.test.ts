import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webDistDir } from '../build/web-build';

/** Issue 7: the JavaScript a browser loads before the first screen, gzipped. */
const initialJavaScriptLimitBytes = 300 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const manifest = JSON.parse(readFileSync(join(webDistDir, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

function chunk(key: string): ManifestChunk {
  const found = manifest[key];
  if (!found) throw new Error(`no chunk ${key} in the manifest`);
  return found;
}

/** A chunk and everything it imports statically: what loads with it. */
function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk(key).imports ?? []) staticClosure(imported, seen);
  return seen;
}

function gzippedBytes(keys: Iterable<string>): number {
  let total = 0;
  for (const key of keys) total += gzipSync(readFileSync(join(webDistDir, chunk(key).file))).length;
  return total;
}

const entryKey = 'index.html';
const pdpKey = 'src/features/pdp/pdp-routes.tsx';
const organisationKey = 'src/features/organisation/organisation-routes.tsx';

describe('the web app bundle', () => {
  it(`loads at most ${initialJavaScriptLimitBytes / 1024} kB of gzipped JavaScript before the first screen`, () => {
    const bytes = gzippedBytes(staticClosure(entryKey));
    console.log(`initial JavaScript: ${(bytes / 1024).toFixed(1)} kB gzipped`);
    expect(bytes).toBeGreaterThan(10 * 1024);
    expect(bytes).toBeLessThanOrEqual(initialJavaScriptLimitBytes);
  });

  it('loads each area lazily, and the PDP without the organisation portal', () => {
    const initial = staticClosure(entryKey);
    expect(chunk(entryKey).dynamicImports).toEqual(expect.arrayContaining([pdpKey, organisationKey]));
    expect(initial.has(pdpKey)).toBe(false);
    expect(initial.has(organisationKey)).toBe(false);
    expect(staticClosure(pdpKey).has(organisationKey)).toBe(false);
  });
});
