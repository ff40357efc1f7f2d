import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliCommand, usageError } from '../command.ts';
import type { RuleFile } from '../../rules/rule-file.ts';
import { readRuleFiles } from '../../rules/read-rule-files.ts';
import { catalogEntry, catalogMarkdown } from '../../authoring/rule-catalog.ts';
import { catalogHtml } from '../../authoring/catalog-html.ts';
import { parseArgs } from '../parse-args.ts';
import { loadRuleSetForCli } from '../load-for-cli.ts';

const USAGE = 'rules docs [dir] [--out <dir>]';

/**
 * `rules docs`: the rule catalog as docs/rules/README.md and docs/rules/index.html. Every rule file
 * is listed, retired ones too; the set must pass `rules check`'s loader first.
 */
export function createRulesDocsCommand(root: string): CliCommand {
  return {
    name: 'rules docs',
    summary: 'write the rule catalog (Markdown and a static HTML page)',
    usage: USAGE,
    async run(argv, io) {
      const args = parseArgs(argv, { options: ['out'] });
      if (typeof args === 'string' || args.positionals.length > 1) {
        return usageError(io, typeof args === 'string' ? args : 'give at most one rules directory', USAGE);
      }
      const dir = args.positionals[0] ? path.resolve(args.positionals[0]) : path.join(root, 'rules');
      const set = loadRuleSetForCli(root, dir, true, io);
      if (!set) return 1;
      const entries = readRuleFiles(dir, [])
        .map((f) =>
          catalogEntry(f.json as RuleFile, path.relative(path.dirname(dir), f.file).split(path.sep).join('/'), set.references.references),
        )
        .sort((a, b) => a.id.localeCompare(b.id));
      const out = args.options.out ? path.resolve(args.options.out) : path.join(root, 'docs', 'rules');
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'README.md'), catalogMarkdown(entries));
      writeFileSync(path.join(out, 'index.html'), catalogHtml(entries));
      io.out(`rules docs: ${entries.length} rules written to ${path.join(out, 'README.md')} and index.html`);
      return 0;
    },
  };
}
