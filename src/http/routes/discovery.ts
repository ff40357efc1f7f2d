import { Router } from 'express';
import type { ServiceRegistry } from '../../services/service-registry.ts';
import type { RuleSet } from '../../rule-set/rule-set.ts';
import { rulesHookOf } from '../../rules/rule-file.ts';
import { loadSmartClient } from '../../smart/smart-client.ts';
import type { DiscoveryResponse } from '../../validate/cds-hooks-types.ts';

const SOURCE_ATTRIBUTES_EXTENSION = 'org.ctc-advisor.source-attributes';
/** What an EHR registers for the SMART timeline its cards link to (docs/smart-app.md). */
export const SMART_APP_EXTENSION = 'org.ctc-advisor.smart-app';

/**
 * GET /cds-services (CDS Hooks 2.0 §Discovery). Internal members of the definition files
 * (requiredData, referenceData) stay private; each service lists its HTI-1 source attributes in an extension.
 */
export function discoveryRouter(deps: { services: ServiceRegistry; ruleSet: () => RuleSet; publicBaseUrl: string }): Router {
  const router = Router();
  const smart = loadSmartClient(deps.publicBaseUrl);
  const smartApp = {
    client_id: smart.client_id,
    launch_uri: smart.launch_uri,
    redirect_uris: smart.redirect_uris,
    scope: smart.scopes.v2,
    registration: `${deps.publicBaseUrl}/smart/client.json`,
  };
  router.get('/cds-services', (_req, res) => {
    const ruleSet = deps.ruleSet();
    const discovery: DiscoveryResponse = {
      services: deps.services.services.map((s) => ({
        hook: s.hook,
        title: s.title,
        description: s.description,
        id: s.id,
        prefetch: s.prefetch,
        ...(s.usageRequirements ? { usageRequirements: s.usageRequirements } : {}),
        extension: {
          [SOURCE_ATTRIBUTES_EXTENSION]: {
            url: `${deps.publicBaseUrl}/rules/source-attributes`,
            rules: ruleSet.rules
              .filter((r) => r.rule.status === 'active' && r.rule.hooks.includes(rulesHookOf(s.hook)))
              .map((r) => ({ id: r.rule.id, version: r.rule.version, url: `${deps.publicBaseUrl}/rules/${r.rule.id}/source-attributes` })),
          },
          [SMART_APP_EXTENSION]: smartApp,
        },
      })),
    };
    res.json(discovery);
  });
  return router;
}
