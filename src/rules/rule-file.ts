/** The shape of one rule file (rules/schema/rule.schema.json is the authority; keep both in step). */
export type RuleStatus = 'draft' | 'shadow' | 'active' | 'retired';
/** The hooks rules can answer; the one list the loader, the CLI and the explain route share. */
export const HOOK_NAMES = ['patient-view', 'order-select'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/**
 * The hooks a CDS service may answer (cds-hooks/*.json): the rules' hooks plus order-sign, which EHRs
 * fire when the order is signed and which runs the ordering rules of order-select (issue 18).
 */
export const SERVICE_HOOK_NAMES = [...HOOK_NAMES, 'order-sign'] as const;
export type ServiceHookName = (typeof SERVICE_HOOK_NAMES)[number];

/** Which rules a service's hook runs: order-sign runs the order-select rules, the others their own. */
export function rulesHookOf(hook: ServiceHookName): HookName {
  return hook === 'order-sign' ? 'order-select' : hook;
}

export interface RuleCondition {
  readonly fact?: string;
  readonly operator?: string;
  readonly value?: unknown;
  readonly path?: string;
  readonly description?: string;
  readonly all?: readonly RuleCondition[];
  readonly any?: readonly RuleCondition[];
  readonly not?: RuleCondition;
}

export interface EvidenceItem {
  readonly claim: string;
  readonly type: 'prognostic' | 'predictive' | 'monitoring' | 'diagnostic' | 'caveat';
  readonly direction: 'unfavourable' | 'favourable' | 'no-association' | 'not-applicable' | 'uncertain';
  readonly strength: 'randomised-trial' | 'cohort' | 'preclinical' | 'expert-review';
  readonly level: { readonly scale: 'CIViC'; readonly value: 'A' | 'B' | 'C' | 'D' | 'E' };
  readonly references: readonly string[];
  readonly catalog?: readonly string[];
  readonly background?: boolean;
  /** This item is a validated adverse cut-off (docs/authoring-rules.md, "Indicator policy"): only such an item may carry a `warning`. */
  readonly validatedCutoff?: ValidatedCutoff;
}

/**
 * A validated adverse prognostic cut-off: the finding in words and the gates it was validated under
 * (fact → the values it was validated for). `rules check` requires the rule's conditions to restrict
 * every named fact to those values, so a validated item cannot lend its weight to another setting.
 */
export interface ValidatedCutoff {
  readonly finding: string;
  readonly gates: Readonly<Record<string, readonly (string | boolean)[]>>;
}

export interface RuleSuggestion {
  readonly label: string;
  readonly kind: 'order-test' | 'tumour-board' | 'trial-discussion';
  readonly isRecommended?: boolean;
}

export interface RuleCard {
  readonly indicator: 'info' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly patientData: readonly string[];
  /** Indices into `evidence` of the one or two items the card states (default: the first clinical item). */
  readonly keyEvidence?: readonly number[];
  /** Index into `limitations` of the one the card states (default: 0). */
  readonly keyLimitation?: number;
  readonly links?: readonly { readonly label: string; readonly url: string }[];
  readonly suggestions?: readonly RuleSuggestion[];
  readonly overrideReasons?: readonly { readonly code: string; readonly display: string }[];
}

export interface RuleTestCase {
  readonly name: string;
  readonly fixture: string;
  readonly hook?: HookName;
  readonly at?: string;
  readonly expect: 'fires' | 'silent';
  readonly summary?: string;
  readonly indicator?: 'info' | 'warning';
}

export interface RuleFile {
  readonly id: string;
  readonly version: string;
  readonly status: RuleStatus;
  readonly title: string;
  readonly hooks: readonly HookName[];
  readonly topic: string;
  readonly priority?: number;
  readonly gates: {
    readonly cancerType: string;
    readonly setting: string;
    readonly assay: string;
    readonly specimen: string;
    readonly timePoint: string;
  };
  /** Why the indicator departs from the indicator policy (a warning without a validated cut-off, or info on one). */
  readonly indicatorReason?: string;
  readonly conditions: RuleCondition;
  readonly card: RuleCard;
  readonly evidence: readonly EvidenceItem[];
  readonly limitations: readonly string[];
  readonly sourceAttributes?: Readonly<Record<string, unknown>>;
  readonly tests: readonly RuleTestCase[];
}

/** A rule as loaded: the file it came from and its parsed content. */
export interface LoadedRule {
  readonly file: string;
  readonly rule: RuleFile;
}

/** A rule as the engine knows it; the version is part of every count the informaticians see. */
export interface RuleRef {
  readonly id: string;
  readonly version: string;
}
