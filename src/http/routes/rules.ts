import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { RuleSet } from '../../rule-set/rule-set.ts';
import { PROJECT_ROOT } from '../../config/config.ts';
import { ruleHistory } from '../../rules/rule-history.ts';
import { evidencePageHtml } from '../evidence-page.ts';
import { ApiError } from '../../errors/api-error.ts';

/** The evidence page is a static document: no script, no external resource, never framed. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Public, PHI-free knowledge endpoints: each rule as data, and its ONC HTI-1 (b)(11) source
 * attributes (defaults from rules/source-attributes.json, overridden per rule). Cards link here:
 * `GET /rules/{id}` is the card's `source.url` and its "Evidence and limitations" link, so it answers
 * an HTML page to a browser (`Accept: text/html`) and the rule as JSON to programs (issue 16).
 * Served whether or not the sandbox is on.
 */
export function rulesRouter(deps: { ruleSet: () => RuleSet; changelogPath?: string }): Router {
  const changelogPath = deps.changelogPath ?? path.join(PROJECT_ROOT, 'CHANGELOG.md');
  const router = Router();
  router.get('/rules', (_req, res) => {
    const set = deps.ruleSet();
    res.json({
      ruleSetVersion: set.version,
      rules: set.rules.map(({ rule }) => ({
        id: rule.id,
        version: rule.version,
        status: rule.status,
        title: rule.title,
        topic: rule.topic,
        topicDisplay: set.topics.concepts.find((c) => c.code === rule.topic)?.display ?? null,
        hooks: rule.hooks,
        tests: rule.tests.length,
      })),
    });
  });
  router.get('/rules/source-attributes', (_req, res) => {
    const set = deps.ruleSet();
    res.json({
      defaults: set.sourceAttributes.defaults,
      rules: set.rules.map(({ rule }) => ({ id: rule.id, version: rule.version, sourceAttributes: sourceAttributesOf(set, rule.id) })),
    });
  });
  router.get('/rules/:id', (req, res, next) => {
    const loaded = deps.ruleSet().byId.get(String(req.params.id));
    if (!loaded) return next(new ApiError('not_found', undefined, `No loaded rule has the id "${String(req.params.id)}".`));
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') {
      const set = deps.ruleSet();
      const html = evidencePageHtml(
        set,
        loaded.rule.id,
        sourceAttributesOf(set, loaded.rule.id),
        ruleHistory(readChangelog(changelogPath), loaded.rule.id),
      );
      return res.set(PAGE_HEADERS).type('html').send(html);
    }
    const { tests, ...rule } = loaded.rule;
    res.json({
      ...rule,
      testCount: tests.length,
      references: referencesOf(deps.ruleSet(), loaded.rule.id),
      sourceAttributes: sourceAttributesOf(deps.ruleSet(), loaded.rule.id),
    });
  });
  router.get('/rules/:id/source-attributes', (req, res, next) => {
    const set = deps.ruleSet();
    const loaded = set.byId.get(String(req.params.id));
    if (!loaded) return next(new ApiError('not_found', undefined, `No loaded rule has the id "${String(req.params.id)}".`));
    res.json({
      rule: { id: loaded.rule.id, version: loaded.rule.version, title: loaded.rule.title },
      sourceAttributes: sourceAttributesOf(set, loaded.rule.id),
      references: referencesOf(set, loaded.rule.id),
    });
  });
  return router;
}

function sourceAttributesOf(set: RuleSet, id: string): Readonly<Record<string, unknown>> {
  const rule = set.byId.get(id)?.rule;
  const citations = referencesOf(set, id).map((r) => r.citation);
  return { ...set.sourceAttributes.defaults, bibliographicCitation: citations.join(' | '), ...(rule?.sourceAttributes ?? {}) };
}

function referencesOf(set: RuleSet, id: string) {
  const rule = set.byId.get(id)?.rule;
  const ids = [...new Set(rule?.evidence.flatMap((e) => e.references) ?? [])];
  return ids.map((refId) => ({ id: refId, ...set.references.references[refId] })).filter((r) => r.citation !== undefined) as {
    id: string;
    citation: string;
  }[];
}

/** Read per page view (rare): a CHANGELOG edited while the service runs shows at once; none, no history. */
function readChangelog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
