import { Terminology, type TerminologyFile } from '../normalize/terminology.ts';
import { readJsonFile } from '../util/json-file.ts';

/**
 * The terminology map alone, from its file, for scripts and tests that need no whole rule set. The service
 * builds its map from the file `loadRuleSet` already read, validated and hashed; the SMART app from the JSON
 * the service serves. Here so src/normalize stays free of the file system (it also runs in the browser).
 */
export function loadTerminology(file: string): Terminology {
  return new Terminology(readJsonFile(file) as TerminologyFile);
}
