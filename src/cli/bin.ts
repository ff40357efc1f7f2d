import { runCli } from './main.ts';
import { consoleIo } from './command.ts';

// The package's bin, bundled by scripts/build-server.mjs to dist/server/ctc-advisor.js: plain Node, no
// TypeScript loader, so every subcommand starts in a fraction of a second (issue 18).
runCli(process.argv.slice(2), process.env, consoleIo).then(
  // exitCode, not exit(): exit() would cut off output still queued for a pipe (e.g. `explain --json | jq`).
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
