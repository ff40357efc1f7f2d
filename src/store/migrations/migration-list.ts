import { initialSchema } from './001-initial.ts';
import { dropEvaluationRuleIndex } from './002-drop-evaluation-rule-index.ts';
import { jwtReplay } from './003-jwt-replay.ts';
import { ruleLists } from './004-rule-lists.ts';
import { offeredChoices } from './005-offered-choices.ts';
import type { Migration } from './migration.ts';

/** Every schema step in order; append new ones, never reorder or edit applied ones. */
export const migrations: readonly Migration[] = [initialSchema, dropEvaluationRuleIndex, jwtReplay, ruleLists, offeredChoices];
