export type Trend = 'rising' | 'falling' | 'stable' | 'unknown';

/**
 * Latest vs previous value. `stableFraction` 0 means any change counts; counts use an exact
 * comparison, continuous labs (PSA) a tolerance from the terminology settings.
 */
export function trendOf(previous: number | undefined, latest: number | undefined, stableFraction = 0): Trend {
  if (previous === undefined || latest === undefined) return 'unknown';
  const tolerance = Math.abs(previous) * stableFraction;
  if (latest > previous + tolerance) return 'rising';
  if (latest < previous - tolerance) return 'falling';
  return 'stable';
}
