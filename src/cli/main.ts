import { consoleIo, type CliCommand, type CliIo } from './command.ts';
import { PROJECT_ROOT } from '../config/config.ts';
import { createRulesCheckCommand } from './commands/rules-check.ts';
import { createRulesTestCommand } from './commands/rules-test.ts';
import { createExplainCommand } from './commands/explain.ts';
import { createEvaluateCommand } from './commands/evaluate.ts';
import { createRulesDocsCommand } from './commands/rules-docs.ts';
import { createTokenCommand } from './commands/token.ts';
import { createReportCommand } from './commands/report.ts';
import { createPurgeCommand } from './commands/purge.ts';
import { parseAuthConfig } from '../auth/auth-config.ts';
import path from 'node:path';

/** `ctc-advisor <command>`: the informatician's and operator's tool. */
export function commands(env: Readonly<Record<string, string | undefined>>, root = PROJECT_ROOT): CliCommand[] {
  const auth = parseAuthConfig({ ...env }).value;
  const dataDir = path.resolve(root, env.CTC_DATA_DIR?.trim() || 'data');
  return [
    createRulesCheckCommand(root),
    createRulesTestCommand(root),
    createExplainCommand(root),
    createEvaluateCommand(root),
    createRulesDocsCommand(root),
    createTokenCommand({ publicBaseUrl: auth.publicBaseUrl, dataDir, devClientEnabled: auth.devClient }),
    createReportCommand({ ...env, CTC_DATA_DIR: dataDir }),
    createPurgeCommand({ ...env, CTC_DATA_DIR: dataDir }),
  ];
}

export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const all = commands(env);
  // Longest name first, so "rules check" wins over a hypothetical "rules".
  const match = [...all].sort((a, b) => b.name.length - a.name.length).find((c) => argv.slice(0, c.name.split(' ').length).join(' ') === c.name);
  if (!match) {
    io.err('usage: ctc-advisor <command>');
    for (const c of all) io.err(`  ${c.usage.padEnd(58)} ${c.summary}`);
    return argv.length === 0 || argv[0] === '--help' ? 0 : 2;
  }
  return match.run(argv.slice(match.name.split(' ').length), io);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
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
}
