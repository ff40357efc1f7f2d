import { consoleIo, type CliCommand, type CliIo } from './command.ts';
import { PROJECT_ROOT } from '../config/config.ts';
import { parseAuthConfig } from '../auth/auth-config.ts';
import { asksForHelp } from './parse-args.ts';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** A subcommand's name and how to load it: only the one run is imported (token must not compile the rule schemas). */
interface CommandEntry {
  readonly name: string;
  load(): Promise<CliCommand>;
}

function entries(env: Env, root: string): CommandEntry[] {
  const dataDir = path.resolve(root, env.CTC_DATA_DIR?.trim() || 'data');
  return [
    { name: 'rules check', load: async () => (await import('./commands/rules-check.ts')).createRulesCheckCommand(root) },
    { name: 'rules test', load: async () => (await import('./commands/rules-test.ts')).createRulesTestCommand(root) },
    { name: 'explain', load: async () => (await import('./commands/explain.ts')).createExplainCommand(root) },
    { name: 'evaluate', load: async () => (await import('./commands/evaluate.ts')).createEvaluateCommand(root) },
    { name: 'rules docs', load: async () => (await import('./commands/rules-docs.ts')).createRulesDocsCommand(root) },
    {
      name: 'token',
      load: async () => {
        const auth = parseAuthConfig({ ...env }).value;
        return (await import('./commands/token.ts')).createTokenCommand({
          publicBaseUrl: auth.publicBaseUrl,
          dataDir,
          devClientEnabled: auth.devClient,
        });
      },
    },
    { name: 'report', load: async () => (await import('./commands/report.ts')).createReportCommand({ ...env, CTC_DATA_DIR: dataDir }) },
    { name: 'purge', load: async () => (await import('./commands/purge.ts')).createPurgeCommand({ ...env, CTC_DATA_DIR: dataDir }) },
  ];
}

/** `ctc-advisor <command>`: the informatician's and operator's tool. Every command, loaded. */
export async function commands(env: Env, root = PROJECT_ROOT): Promise<CliCommand[]> {
  return Promise.all(entries(env, root).map((e) => e.load()));
}

export async function runCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  const all = entries(env, PROJECT_ROOT);
  // Longest name first, so "rules check" wins over a hypothetical "rules".
  const match = [...all]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => argv.slice(0, c.name.split(' ').length).join(' ') === c.name);
  if (!match) {
    const help = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h';
    const print = help ? io.out : io.err;
    print('usage: ctc-advisor <command>');
    for (const c of await commands(env)) print(`  ${c.usage.padEnd(58)} ${c.summary}`);
    return help ? 0 : 2;
  }
  const command = await match.load();
  const rest = argv.slice(match.name.split(' ').length);
  if (asksForHelp(rest)) {
    io.out(`usage: ctc-advisor ${command.usage}`);
    io.out(`  ${command.summary}`);
    return 0;
  }
  return command.run(rest, io);
}

/** Runs the CLI on this process's arguments and sets its exit code (the bin and `tsx src/cli/main.ts`). */
export function runFromProcess(): void {
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

// `tsx src/cli/main.ts …` (the npm scripts). The bundled bin's entry is src/cli/bin.ts, where this module's URL is the bundle's.
if (process.argv[1]?.endsWith('src/cli/main.ts')) runFromProcess();
