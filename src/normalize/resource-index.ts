import type { Reference, Resource } from 'fhir/r4';

/**
 * The resources of one call by the `Type/id` a reference names, indexed on first use: a scan of
 * every resource per reference would make the picture quadratic in the size of the record.
 */
export class ResourceIndex {
  private firstAt: Map<string, number> | undefined;

  constructor(private readonly resources: readonly Resource[]) {}

  /** The first resource whose `Type/id` is the reference or ends it after a '/' (an absolute URL). */
  find(target: string): Resource | undefined {
    this.firstAt ??= this.build();
    const firstAt = this.firstAt;
    let best = firstAt.get(target);
    for (let i = target.indexOf('/'); i !== -1; i = target.indexOf('/', i + 1)) {
      const at = firstAt.get(target.slice(i + 1));
      if (at !== undefined && (best === undefined || at < best)) best = at;
    }
    return best === undefined ? undefined : this.resources[best];
  }

  /** A reference's target when it was delivered and is of this type; contained (`#id`) references are not looked up. */
  resolve<T extends Resource>(ref: Reference | undefined | null, type: T['resourceType']): T | undefined {
    const target = typeof ref?.reference === 'string' ? ref.reference : undefined;
    if (!target || target.startsWith('#')) return undefined;
    const hit = this.find(target);
    return hit?.resourceType === type ? (hit as T) : undefined;
  }

  private build(): Map<string, number> {
    const firstAt = new Map<string, number>();
    this.resources.forEach((r, i) => {
      const key = `${r.resourceType}/${r.id}`;
      if (!firstAt.has(key)) firstAt.set(key, i);
    });
    return firstAt;
  }
}
