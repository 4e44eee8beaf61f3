import { writeFile } from 'node:fs/promises';
import { generateApiTypes, TYPES_FILE } from './api-types.ts';

await writeFile(TYPES_FILE, await generateApiTypes());
console.log(`wrote ${TYPES_FILE.pathname}`);
