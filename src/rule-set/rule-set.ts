import { createHash } from 'node:crypto';
import path from 'node:path';
import { HOOK_NAMES, type HookName, type LoadedRule } from '../rules/rule-file.ts';
import type { ReferenceRegistry, SourceAttributeDefaults, TopicCodeSystem } from '../rules/knowledge-files.ts';
import type { RuleProblem } from '../rules/rule-problems.ts';
import { RuleSetError } from '../rules/rule-problems.ts';
import { readJson, readRuleFiles, type RawFile } from '../rules/read-rule-files.ts';
import { validateKnowledgeFile, validateRuleFile } from '../rules/rule-schema.ts';
import { lintRules } from './rule-lint.ts';
import { buildHookEngines, type HookEngines } from '../evaluate/rule-index.ts';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';
import { Terminology, type TerminologyFile } from '../normalize/terminology.ts';
import { buildCardParts, type CardParts } from '../cards/card-parts.ts';

/** Everything one evaluation needs, built once per load and swapped atomically on reload. */
export interface RuleSet {
  readonly version: string;
  readonly loadedAt: string;
  readonly dir: string;
  readonly rules: readonly LoadedRule[];
  readonly byId: ReadonlyMap<string, LoadedRule>;
  readonly references: ReferenceRegistry;
  readonly topics: TopicCodeSystem;
  readonly sourceAttributes: SourceAttributeDefaults;
  readonly terminology: Terminology;
  /** Per hook, its active and shadow rules (draft only when asked for): json-rules-engine and the predicates compiled from it. */
  readonly engines: ReadonlyMap<HookName, HookEngines>;
  /** Per rule id, the parts of its card that do not depend on the patient. */
  readonly cardParts: ReadonlyMap<string, CardParts>;
}

interface LoadOptions {
  /** `rules test` evaluates draft rules too; the service never does. */
  readonly includeDraft?: boolean;
}

export function loadRuleSet(dir: string, options: LoadOptions = {}): RuleSet {
  const problems: RuleProblem[] = [];
  const raw = readRuleFiles(dir, problems);
  const knowledge = (name: string) => {
    const file = readJson(path.join(dir, name), problems);
    if (file) problems.push(...validateKnowledgeFile(name, file));
    return file;
  };
  const referencesFile = knowledge('references.json');
  const topicsFile = knowledge('topics.json');
  const attributesFile = knowledge('source-attributes.json');
  const terminologyFile = knowledge('terminology.json');
  const rules: LoadedRule[] = [];
  for (const file of raw) {
    const fileProblems = validateRuleFile(file);
    problems.push(...fileProblems);
    if (fileProblems.length === 0) rules.push({ file: file.file, rule: file.json as LoadedRule['rule'] });
  }
  if (!referencesFile || !topicsFile || !attributesFile || !terminologyFile || problems.length > 0) throw new RuleSetError(problems);
  const references = referencesFile.json as ReferenceRegistry;
  const topics = topicsFile.json as TopicCodeSystem;
  problems.push(...lintRules(rules, { facts: FACTS_BY_NAME, references, topics }));
  if (problems.length > 0) throw new RuleSetError(problems);

  const loaded = rules.filter(
    (r) => r.rule.status === 'active' || r.rule.status === 'shadow' || (options.includeDraft && r.rule.status === 'draft'),
  );
  return {
    version: versionOf([...raw, referencesFile, topicsFile, attributesFile, terminologyFile], loaded),
    loadedAt: new Date().toISOString(),
    dir,
    rules: loaded,
    byId: new Map(loaded.map((r) => [r.rule.id, r])),
    references,
    topics,
    sourceAttributes: attributesFile.json as SourceAttributeDefaults,
    // The file already read and hashed above, so the version always names the map that serves.
    terminology: new Terminology(terminologyFile.json as TerminologyFile),
    engines: new Map(HOOK_NAMES.map((hook) => [hook, buildHookEngines(loaded.filter((r) => r.rule.hooks.includes(hook)))])),
    cardParts: new Map(loaded.map((r) => [r.rule.id, buildCardParts(r, references, topics)])),
  };
}

/** A content hash over every file, plus the highest rule version, e.g. `3f9a1c0b7d2e@1.2.0`. */
function versionOf(files: readonly RawFile[], rules: readonly LoadedRule[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.file.localeCompare(b.file)))
    hash.update(path.basename(f.file)).update('\0').update(f.text).update('\0');
  const highest =
    rules
      .map((r) => r.rule.version)
      .sort(compareSemver)
      .at(-1) ?? '0.0.0';
  return `${hash.digest('hex').slice(0, 12)}@${highest}`;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
