import { initialSchema } from './001-initial.ts';
import type { Migration } from './migration.ts';

/** Every schema step in order; append new ones, never reorder or edit applied ones. */
export const migrations: readonly Migration[] = [initialSchema];
