import { writeFile } from 'node:fs/promises';
import { generateValidators, VALIDATORS_FILE } from './validators.ts';

await writeFile(VALIDATORS_FILE, await generateValidators());
console.log(`wrote ${VALIDATORS_FILE.pathname}`);
