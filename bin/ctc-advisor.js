#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx's loader (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const { consoleIo } = await import('../src/cli/command.ts');
process.exitCode = await runCli(process.argv.slice(2), process.env, consoleIo);
