/**
 * One schema step, written once per dialect so both back ends stay at the same version.
 * Applied in order at open and recorded in `schema_migrations`; never edit a released step, add one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}
