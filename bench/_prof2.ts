import { analyseFile } from '../server/src/core/engine';
import { generateCode } from './gen/code';
import { Rng } from './gen/rng';
const text = generateCode(new Rng(0x5eed2026), { lines: 2000, lang: 'ts', forge: false, plant: ['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage'] });
const file = 'src/services/generated-sync.ts';
for (let i = 0; i < 300; i++) analyseFile(file, text);
