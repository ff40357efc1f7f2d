import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline } from '../../src/simulate/offline-pipeline.ts';
import { claimOnCard, shortCitation } from '../../src/cards/card-parts.ts';
import { DETAIL_MAX_WORDS, wordCount } from '../../src/cards/render-detail.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';

const REQUEST = path.join(PROJECT_ROOT, 'fhir-fixtures/requests/mbc-ctc-12-cellsearch.patient-view.json');

let ruleSet: RuleSet;
let services: ServiceRegistry;
beforeAll(() => {
  ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

/** The metastatic breast cancer request (CellSearch 12/7.5 mL), its CTC Observation's status set to `status`. */
async function cardsWithCtcStatus(status: string): Promise<Card[]> {
  const body = JSON.parse(readFileSync(REQUEST, 'utf8')) as { prefetch: { observations: { entry: { resource: { status: string } }[] } } };
  for (const entry of body.prefetch.observations.entry) entry.resource.status = status;
  const { response } = await handleServiceCall(
    offlinePipeline(ruleSet, services, new Date('2026-06-01T00:00:00Z')),
    'ctc-advisor-patient-view',
    body,
  );
  return response.cards as Card[];
}

const elevated = (cards: readonly Card[]) =>
  cards.find((c) => (c.extension?.['org.ctc-advisor.rule'] as { id: string } | undefined)?.id === 'mbc-cellsearch-ctc-elevated');

describe('card shape (issue 16 §1)', () => {
  it('a preliminary result says so first in the summary, a final one does not', async () => {
    const final = elevated(await cardsWithCtcStatus('final'));
    const preliminary = elevated(await cardsWithCtcStatus('preliminary'));
    expect(final?.summary).toMatch(/^CTC count 12 per 7\.5 mL \(CellSearch\)/);
    expect(preliminary?.summary).toBe(`Preliminary: ${final?.summary}`);
    expect(preliminary?.summary.length).toBeLessThan(140);
    expect(preliminary?.detail?.split('\n\n')[0]).toMatch(/, preliminary[;.]/);
  });

  it('the detail: patient data on one line, the key evidence with its level, the main limitation, advisory only', async () => {
    const card = elevated(await cardsWithCtcStatus('final'));
    const paragraphs = card?.detail?.split('\n\n') ?? [];
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(
      /^\*\*Patient data:\*\* Latest CTC result: 12 CTC per 7\.5 mL whole blood, CellSearch, \d{4}-\d\d-\d\d, [^;]+; Primary cancer: breast cancer; Disease setting: metastatic;/,
    );
    expect(paragraphs[1]).toMatch(/^\*\*Evidence:\*\* A CellSearch count of 5 or more CTCs .+ \*\(level B, cohort study\)\*$/);
    expect(paragraphs[2]).toMatch(/^\*\*Main limitation:\*\* /);
    expect(paragraphs[3]).toBe('*Advisory only; not a therapy recommendation.*');
    expect(wordCount(card?.detail ?? '')).toBeLessThanOrEqual(DETAIL_MAX_WORDS);
    expect(card?.links?.[0]).toEqual({ label: 'Evidence and limitations', url: card?.source.url, type: 'absolute' });
  });

  it('a suggestion creates a draft Task proposal for the patient, not an empty button', async () => {
    const card = elevated(await cardsWithCtcStatus('final'));
    expect(card?.suggestions).toHaveLength(1);
    const action = card?.suggestions?.[0]?.actions?.[0];
    expect(action).toMatchObject({
      type: 'create',
      description: expect.stringMatching(/^Draft proposal: /),
      resource: {
        resourceType: 'Task',
        status: 'draft',
        intent: 'proposal',
        for: { reference: 'Patient/mbc-ctc-12-cellsearch' },
        code: { text: 'Tumour board discussion' },
      },
    });
  });

  it('counts words as a reader does: Markdown marks are not words', () => {
    expect(wordCount('**Patient data:** 12 CTC per 7.5 mL; *(level B)* — x')).toBe(10);
  });
});

describe('citation labels and claims on cards', () => {
  it.each([
    [
      'de Bono JS, Scher HI, Montgomery RB, et al. Circulating tumor cells predict survival benefit. Clin Cancer Res. 2008;14(19):6302-6309.',
      'de Bono et al. Clin Cancer Res 2008',
    ],
    [
      'van der Toom EE, Verdone JE, Gorin MA, Pienta KJ. Technical challenges in the isolation of CTCs. Oncotarget. 2016;7:62754-62766.',
      'van der Toom et al. Oncotarget 2016',
    ],
    [
      'Cristofanilli M, Budd GT, Ellis MJ, et al. Circulating tumor cells, disease progression, and survival. N Engl J Med. 2004;351(8):781-791.',
      'Cristofanilli et al. N Engl J Med 2004',
    ],
    [
      'Sai B, Xiang J. Disseminated tumour cells in bone marrow are the source of cancer relapse after therapy. J Cell Mol Med. 2018;22(12):5776-5786.',
      'Sai and Xiang J Cell Mol Med 2018',
    ],
    [
      'US Food and Drug Administration. 510(k) K073338, CellSearch Circulating Tumor Cell Kit (Veridex), cleared February 2008: intended use extended to metastatic prostate cancer.',
      'US Food and Drug Administration 2008',
    ],
    ['Mazel et al. PD-L1 expression on CTCs. Breast Cancer Res. 2015;17:1-9.', 'Mazel et al. Breast Cancer Res 2015'],
  ])('%s → %s', (citation, label) => {
    expect(shortCitation(citation)).toBe(label);
  });

  it('drops the closing CIViC note of a claim (the card shows the level beside it)', () => {
    expect(claimOnCard('CTCs correlate with serum PSA in prostate cancer (CIViC C: cohort data cited by the review).')).toBe(
      'CTCs correlate with serum PSA in prostate cancer.',
    );
    expect(claimOnCard('Clusters matter (in 3 cohorts).')).toBe('Clusters matter (in 3 cohorts).');
  });
});
