#!/usr/bin/env node
// The `fpr` command runs as plain JavaScript: the TypeScript sources are bundled into dist/ the
// first time and again whenever one of them changed (a few seconds), so no TypeScript loader runs in
// production and no separate build command is needed.
import { cliBundle, cliEntry, ensureServerBuild } from '../build/server-build.js';

await import(await ensureServerBuild(cliEntry, cliBundle, (line) => console.error(line)));
