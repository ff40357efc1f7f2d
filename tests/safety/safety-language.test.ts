import { describe, expect, it } from 'vitest';
import { findForbiddenLanguage } from '../../src/rules/safety-language.ts';

// The fixture walk only asserts that rendered cards yield no findings; this keeps the detector honest.
describe('forbidden card language', () => {
  it.each([
    ['Switch therapy now.', 'suggests a therapy change'],
    ['Consider switching to another regimen.', 'suggests a therapy change'],
    ['Consider escalating now.', 'suggests a therapy change'],
    ['A count of 0 means low-risk disease.', 'presents a result as reassurance'],
    ['This indicates a favourable prognosis.', 'presents a result as reassurance'],
    ['There is no need for concern.', 'presents a result as reassurance'],
    ['A negative result rules out metastasis.', 'presents a result as reassurance'],
  ])('"%s" %s', (text, why) => {
    expect(findForbiddenLanguage(text)).toEqual([`"${text}" ${why}`]);
  });

  it('reporting evidence about therapy is allowed', () => {
    expect(findForbiddenLanguage('Changing chemotherapy based on CTC counts did not improve overall survival (SWOG S0500).')).toEqual([]);
    expect(findForbiddenLanguage('Switching therapy has not been shown to help.')).toEqual([]);
  });

  it('checks each sentence on its own', () => {
    expect(findForbiddenLanguage('Escalation did not improve survival. Stop the treatment.')).toEqual([
      '"Stop the treatment." suggests a therapy change',
    ]);
  });
});
