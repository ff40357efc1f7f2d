import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { RuleSet } from '../rule-set/rule-set.ts';
import { assetFolder } from '../sandbox/asset-folder.ts';
import { cutoffRules } from '../sandbox/thresholds.ts';
import type { SmartKnowledge } from './browser-timeline.ts';
import { buildSmartBundles, SMART_ENTRIES, SMART_WEB_DIR, type SmartEntry } from './smart-bundle.ts';
import { loadSmartClient, type SmartClient } from './smart-client.ts';

interface SmartDeps {
  readonly ruleSet: () => RuleSet;
  readonly publicBaseUrl: string;
}

/**
 * The app reads FHIR from the EHR's server (any origin the EHR names in `iss`); everything else is
 * same-origin. EHRs show SMART apps in a frame, so any ancestor may frame it.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* http://localhost:* http://[::1]:*; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** What `/smart/knowledge.json` serves for a rule set: its active patient-view rules, cut-offs and terminology map. */
export function smartKnowledge(set: RuleSet): SmartKnowledge {
  const rules = set.rules
    .filter(({ rule }) => rule.status === 'active' && rule.hooks.includes('patient-view'))
    .map(({ rule }) => ({ id: rule.id, version: rule.version, title: rule.title, topic: rule.topic, conditions: rule.conditions }));
  return { revision: set.version, terminology: set.terminology.file, cutoffs: cutoffRules(set.rules), rules };
}

/** knowledge.json as sent, once per loaded rule set (the terminology map alone is over a megabyte); a reload makes a new set. */
const knowledgeJson = new WeakMap<RuleSet, string>();

/**
 * The SMART on FHIR timeline app (docs/smart-app.md): `/smart/launch` (EHR launch), `/smart/app`
 * (redirect URI, draws the timeline), their scripts, and two public JSON documents: the client
 * registration and the knowledge the app needs (terminology map, rule cut-offs). No route here takes
 * a body, a token or patient data: the app talks to the EHR's FHIR server directly.
 */
export function smartRouter(deps: SmartDeps): Router {
  const router = Router();
  const client: SmartClient = loadSmartClient(deps.publicBaseUrl);
  let bundles: Promise<ReadonlyMap<SmartEntry, string>> | undefined;
  const page = (file: string) => (_req: Request, res: Response) => {
    res.set(PAGE_HEADERS).sendFile(path.join(SMART_WEB_DIR, file));
  };

  router.get(['/smart/launch', '/smart/launch.html'], page('launch.html'));
  router.get(['/smart/app', '/smart/app.html'], page('app.html'));
  router.get('/smart/client.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(client);
  });
  router.get('/smart/knowledge.json', (_req, res) => {
    const set = deps.ruleSet();
    let json = knowledgeJson.get(set);
    if (json === undefined) {
      json = JSON.stringify(smartKnowledge(set));
      knowledgeJson.set(set, json);
    }
    res.set('Cache-Control', 'no-cache').type('json').send(json);
  });
  // The chart's styles are the sandbox's own (one stylesheet for one chart), served here even when the sandbox is off.
  router.get('/smart/assets/timeline.css', (_req, res) => {
    res.set(PAGE_HEADERS).sendFile(path.join(SMART_WEB_DIR, '..', 'assets', 'sandbox.css'));
  });
  for (const entry of SMART_ENTRIES) {
    router.get(`/smart/assets/${entry}.js`, async (_req, res, next) => {
      try {
        // A failed build is not cached: the next request tries again.
        bundles ??= buildSmartBundles().catch((error: unknown) => {
          bundles = undefined;
          throw error;
        });
        const code = (await bundles).get(entry);
        if (code === undefined) throw new Error(`the SMART bundle has no ${entry}.js`);
        res.set(PAGE_HEADERS).type('text/javascript').send(code);
      } catch (error) {
        next(error);
      }
    });
  }
  router.use('/smart/assets', ...assetFolder(path.join(SMART_WEB_DIR, 'assets'), PAGE_HEADERS, 'No such SMART app asset.'));
  return router;
}
