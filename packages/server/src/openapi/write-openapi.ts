import { writeFile } from 'node:fs/promises';
import { formatOpenApi, generateOpenApi, openApiPath } from './generate';

/** `npm run openapi`: regenerates the committed `docs/openapi.json`. */
await writeFile(openApiPath, formatOpenApi(await generateOpenApi()));
console.log(`wrote ${openApiPath}`);
