import type { MatrixRow } from './throughput.ts';

/** Issue 9's budgets. Checked and printed by the bench; never asserted in the test suite. */
const BUDGETS = {
  typicalC10RatioMin: 0.5,
  typicalC10P99MaxMs: 20,
  heavyC1P99MaxMs: 60,
  soakRssMaxMb: 250,
  readyMaxMs: 2_000,
  reloadMaxMs: 200,
} as const;

interface BudgetCheck {
  readonly budget: string;
  readonly value: string;
  readonly ok: boolean;
}

interface BudgetInputs {
  readonly matrix?: readonly MatrixRow[];
  readonly readyMs?: number;
  readonly reloadMs?: number;
  readonly soakRssMb?: number;
}

export function checkBudgets(inputs: BudgetInputs): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const cell = (scenario: string, c: number) => inputs.matrix?.find((r) => r.scenario === scenario && r.connections === c);
  const typical = cell('typical', 10);
  if (typical) {
    checks.push({
      budget: `typical c=10 throughput ≥ ${BUDGETS.typicalC10RatioMin * 100}% of floor`,
      value: `${(typical.ratio * 100).toFixed(0)}%`,
      ok: typical.ratio >= BUDGETS.typicalC10RatioMin,
    });
    checks.push({
      budget: `typical c=10 p99 ≤ ${BUDGETS.typicalC10P99MaxMs} ms`,
      value: `${typical.service.latencyMs.p99} ms`,
      ok: typical.service.latencyMs.p99 <= BUDGETS.typicalC10P99MaxMs,
    });
  }
  const heavy = cell('heavy', 1);
  if (heavy)
    checks.push({
      budget: `heavy c=1 p99 ≤ ${BUDGETS.heavyC1P99MaxMs} ms`,
      value: `${heavy.service.latencyMs.p99} ms`,
      ok: heavy.service.latencyMs.p99 <= BUDGETS.heavyC1P99MaxMs,
    });
  if (inputs.readyMs !== undefined)
    checks.push({ budget: `ready ≤ ${BUDGETS.readyMaxMs} ms`, value: `${inputs.readyMs} ms`, ok: inputs.readyMs <= BUDGETS.readyMaxMs });
  if (inputs.reloadMs !== undefined)
    checks.push({
      budget: `reload ≤ ${BUDGETS.reloadMaxMs} ms`,
      value: `${inputs.reloadMs} ms`,
      ok: inputs.reloadMs <= BUDGETS.reloadMaxMs,
    });
  if (inputs.soakRssMb !== undefined)
    checks.push({
      budget: `RSS after soak ≤ ${BUDGETS.soakRssMaxMb} MB`,
      value: `${inputs.soakRssMb} MB`,
      ok: inputs.soakRssMb <= BUDGETS.soakRssMaxMb,
    });
  return checks;
}

export function budgetLines(checks: readonly BudgetCheck[]): string[] {
  return checks.map((c) => `  ${c.ok ? 'met   ' : 'MISSED'}  ${c.budget}: ${c.value}`);
}
