import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';
import { buildMixxSchema } from '../src/resolvers/build-schema.ts';
import { printMixxSchema } from '../src/schema/print-schema.ts';

const file = path.join(projectRoot, 'src', 'schema', 'schema.graphql');
writeFileSync(file, printMixxSchema(await buildMixxSchema()));
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
