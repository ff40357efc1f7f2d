import { Router } from 'express';
import type { RuleSet } from '../../rules/rule-set.ts';
import { ApiError } from '../api-error.ts';

/**
 * Public, PHI-free knowledge endpoints: each rule as data, and its ONC HTI-1 (b)(11) source
 * attributes (defaults from rules/source-attributes.json, overridden per rule). Cards link here.
 */
export function rulesRouter(deps: { ruleSet: () => RuleSet }): Router {
  const router = Router();
  router.get('/rules', (_req, res) => {
    const set = deps.ruleSet();
    res.json({ ruleSetVersion: set.version, rules: set.rules.map(({ rule }) => ({ id: rule.id, version: rule.version, status: rule.status, title: rule.title, topic: rule.topic, topicDisplay: set.topics.concepts.find((c) => c.code === rule.topic)?.display ?? null, hooks: rule.hooks, tests: rule.tests.length })) });
  });
  router.get('/rules/source-attributes', (_req, res) => {
    const set = deps.ruleSet();
    res.json({ defaults: set.sourceAttributes.defaults, rules: set.rules.map(({ rule }) => ({ id: rule.id, version: rule.version, sourceAttributes: sourceAttributesOf(set, rule.id) })) });
  });
  router.get('/rules/:id', (req, res, next) => {
    const loaded = deps.ruleSet().byId.get(String(req.params.id));
    if (!loaded) return next(new ApiError('not_found', undefined, `No loaded rule has the id "${String(req.params.id)}".`));
    const { tests, ...rule } = loaded.rule;
    res.json({ ...rule, testCount: tests.length, references: referencesOf(deps.ruleSet(), loaded.rule.id), sourceAttributes: sourceAttributesOf(deps.ruleSet(), loaded.rule.id) });
  });
  router.get('/rules/:id/source-attributes', (req, res, next) => {
    const set = deps.ruleSet();
    const loaded = set.byId.get(String(req.params.id));
    if (!loaded) return next(new ApiError('not_found', undefined, `No loaded rule has the id "${String(req.params.id)}".`));
    res.json({ rule: { id: loaded.rule.id, version: loaded.rule.version, title: loaded.rule.title }, sourceAttributes: sourceAttributesOf(set, loaded.rule.id), references: referencesOf(set, loaded.rule.id) });
  });
  return router;
}

export function sourceAttributesOf(set: RuleSet, id: string): Readonly<Record<string, unknown>> {
  const rule = set.byId.get(id)?.rule;
  const citations = referencesOf(set, id).map((r) => r.citation);
  return { ...set.sourceAttributes.defaults, bibliographicCitation: citations.join(' | '), ...(rule?.sourceAttributes ?? {}) };
}

function referencesOf(set: RuleSet, id: string) {
  const rule = set.byId.get(id)?.rule;
  const ids = [...new Set(rule?.evidence.flatMap((e) => e.references) ?? [])];
  return ids.map((refId) => ({ id: refId, ...set.references.references[refId] })).filter((r) => r.citation !== undefined) as { id: string; citation: string }[];
}
