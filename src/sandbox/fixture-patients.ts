import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bundle } from 'fhir/r4';
import type { Terminology } from '../normalize/terminology.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import { isBundle, patientOf, pictureFromBundle } from './bundle-picture.ts';

/** One line of the sandbox's patient list, read off the clinical picture (never off display text). */
interface FixturePatientSummary {
  readonly name: string;
  readonly patientId: string | null;
  readonly cancer: string;
  readonly subtype: string | null;
  readonly setting: string;
  readonly metastaticSites: readonly string[];
  readonly ctcResults: number;
  readonly line: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** File names double as URL segments, so only plain names are served (no traversal). */
function isFixtureName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

export async function listFixtureNames(fixturesDir: string): Promise<string[]> {
  const dir = path.join(fixturesDir, 'patients');
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter(isFixtureName)
    .sort();
}

export async function readFixtureBundle(fixturesDir: string, name: string): Promise<Bundle | undefined> {
  if (!isFixtureName(name) || !(await listFixtureNames(fixturesDir)).includes(name)) return undefined;
  const json = JSON.parse(await readFile(path.join(fixturesDir, 'patients', `${name}.json`), 'utf8')) as unknown;
  return isBundle(json) ? json : undefined;
}

export function summarizePatient(name: string, bundle: Bundle, terminology: Terminology, at: Date): FixturePatientSummary {
  const picture = pictureFromBundle(bundle, terminology, at);
  const facts = computeFacts(picture);
  const subtype = typeof facts['breast.subtype'] === 'string' ? facts['breast.subtype'] : null;
  const cancer = picture.cancer.primaryTypes.join(', ') || 'no primary cancer recorded';
  const sites = picture.cancer.metastaticSites;
  const setting = picture.cancer.setting;
  const where =
    picture.cancer.primaries.length > 1
      ? picture.cancer.primaries.map((p) => `${p.type} ${p.setting}`).join(', ')
      : sites.length > 0
        ? `${setting} (${sites.join(', ')})`
        : setting;
  const parts = [cancer, subtype && subtype !== 'unknown' ? `subtype ${subtype}` : 'subtype not recorded', where];
  return {
    name,
    patientId: patientOf(bundle)?.id ?? null,
    cancer,
    subtype,
    setting,
    metastaticSites: sites,
    ctcResults: picture.ctc.length,
    line: `${parts.join(' · ')} · ${picture.ctc.length} CTC result${picture.ctc.length === 1 ? '' : 's'}`,
  };
}
