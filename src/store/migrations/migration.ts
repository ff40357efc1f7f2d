/**
 * One schema step, written once per dialect so both back ends stay at the same version.
 * Applied in order at open and recorded in `schema_migrations` with the SHA-256 of the SQL it ran;
 * never edit a released step (start-up refuses a changed one), add one.
 */
export interface Migration {
  readonly version: number;
  /** This step's file in src/store/migrations/, named in the error when its SQL was edited after release. */
  readonly file: string;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}
