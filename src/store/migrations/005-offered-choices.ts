import type { Migration } from './migration.ts';

// What each card offered the clinician: its suggestions' uuids and its override reasons (system, code),
// so feedback naming anything else is refused (issue 17). NULL for cards issued before this step: their
// feedback is not checked against it.
export const offeredChoices: Migration = {
  version: 5,
  file: '005-offered-choices.ts',
  name: 'issued_cards.offered: the suggestions and override reasons each card offered',
  sqlite: `
ALTER TABLE issued_cards ADD COLUMN offered TEXT;
`,
  postgres: `
ALTER TABLE issued_cards ADD COLUMN offered JSONB;
`,
};
