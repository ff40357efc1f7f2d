import { runFromProcess } from './main.ts';

// The package's bin, bundled by scripts/build-server.mjs to dist/server/ctc-advisor.js: plain Node, no
// TypeScript loader, so every subcommand starts in a fraction of a second (issue 18).
runFromProcess();
