/** The data files that sit beside the rules and that rules refer to by id. */
export interface Reference {
  readonly kind: 'seed-review' | 'primary-study-via-seed' | 'general-knowledge' | 'guideline';
  readonly citation: string;
  readonly url?: string;
  readonly doi?: string;
  readonly pmid?: string;
  readonly seed?: string;
  readonly citedBy?: string;
  readonly note?: string;
}

export interface ReferenceRegistry {
  readonly references: Readonly<Record<string, Reference>>;
}

export interface TopicCodeSystem {
  readonly system: string;
  readonly version: string;
  readonly concepts: readonly { readonly code: string; readonly display: string }[];
}

export type SourceAttributes = Readonly<Record<string, string | boolean>>;

export interface SourceAttributeDefaults {
  readonly defaults: SourceAttributes;
}
