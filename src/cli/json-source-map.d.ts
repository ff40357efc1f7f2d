// json-source-map ships no types; only parse is used (src/cli/source-lines.ts, src/util/json-file.ts).
declare module 'json-source-map' {
  export interface Location {
    readonly line: number;
    readonly column: number;
    readonly pos: number;
  }
  export interface PointerLocation {
    readonly key?: Location;
    readonly keyEnd?: Location;
    readonly value: Location;
    readonly valueEnd: Location;
  }
  export function parse(text: string): { data: unknown; pointers: Record<string, PointerLocation> };
}
