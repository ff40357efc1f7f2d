/** One CHANGELOG.md line that names a rule, under the section it stands in. */
export interface HistoryLine {
  readonly section: string;
  readonly text: string;
}

/**
 * The version history of a rule for its evidence page: every CHANGELOG.md bullet that names the
 * rule id as a word (not as part of a longer id), with the heading it stands under, newest first as
 * the file is written.
 */
export function ruleHistory(changelog: string, ruleId: string): HistoryLine[] {
  const named = new RegExp(`(?<![\\w-])${ruleId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
  const out: HistoryLine[] = [];
  let release = '';
  let section = '';
  for (const line of changelog.split('\n')) {
    const heading = /^(#{2,4})\s+(.*)$/.exec(line);
    if (heading) {
      // "## 0.1.0 — unreleased" then "### Clinical content": the release, then its part.
      if (heading[1] === '##') release = section = heading[2] ?? '';
      else section = `${release}, ${heading[2] ?? ''}`;
    } else if (named.test(line)) out.push({ section, text: line.replace(/^\s*[-*]\s+/, '').trim() });
  }
  return out;
}
