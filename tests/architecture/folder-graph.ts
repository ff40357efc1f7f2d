import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import between two folders of `src/`: the importing file and the imported one, both relative to `src/`. */
export interface FileEdge {
  readonly from: string;
  readonly to: string;
}

/**
 * A loop between folders: each folder imports the next, the last imports the first; `edges` are the imports
 * that close it. `tangle` holds the other folder imports among every folder caught in the same knot (a
 * strongly connected component), which must go too before the knot is untied.
 */
interface FolderCycle {
  readonly folders: readonly string[];
  readonly edges: readonly FileEdge[];
  readonly tangle: readonly { readonly from: string; readonly to: string; readonly imports: number }[];
}

/**
 * The module specifiers a file imports: `import` (value and `type`), `export … from`, `import '…'` and
 * dynamic `import('…')`. TypeScript's own scanner reads them, so comments and strings that merely look
 * like imports are not counted.
 */
export function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** The node a file of `src/` belongs to: its top folder, or the file itself when it sits directly in `src/`. */
export function folderOf(file: string): string {
  return file.split('/')[0] as string;
}

/** Every import from one folder of `srcDir` into another (relative specifiers only; packages are not folders). */
export function folderEdges(srcDir: string): FileEdge[] {
  const edges: FileEdge[] = [];
  for (const file of typeScriptFiles(srcDir)) {
    const from = path.relative(srcDir, file).split(path.sep).join('/');
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = path
        .relative(srcDir, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/');
      if (to.startsWith('..') || folderOf(to) === folderOf(from)) continue;
      edges.push({ from, to });
    }
  }
  return edges;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The folder loops in `edges`: one per strongly connected component of the folder graph (Tarjan), given
 * as a shortest loop through the component's first folder, with the file imports behind each of its steps.
 */
export function folderCycles(edges: readonly FileEdge[]): FolderCycle[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)?.add(b);
  }
  return stronglyConnected(next)
    .filter((component) => component.length > 1)
    .map((component) => {
      const within = new Set(component);
      const folders = shortestLoop(next, within, [...component].sort()[0] as string);
      const steps = new Set(folders.map((folder, i) => `${folder} ${folders[(i + 1) % folders.length]}`));
      const inKnot = edges.filter((e) => within.has(folderOf(e.from)) && within.has(folderOf(e.to)));
      return {
        folders,
        edges: [...steps].flatMap((step) => inKnot.filter((e) => stepOf(e) === step)),
        tangle: countBySteps(inKnot.filter((e) => !steps.has(stepOf(e)))),
      };
    });
}

function stepOf(edge: FileEdge): string {
  return `${folderOf(edge.from)} ${folderOf(edge.to)}`;
}

function countBySteps(edges: readonly FileEdge[]): FolderCycle['tangle'] {
  const counts = new Map<string, number>();
  for (const e of edges) counts.set(stepOf(e), (counts.get(stepOf(e)) ?? 0) + 1);
  return [...counts].sort().map(([step, imports]) => {
    const [from, to] = step.split(' ') as [string, string];
    return { from, to, imports };
  });
}

/** A loop as a reader follows it: `a → b → a` and one `from → to` line per import behind it. */
export function describeCycle(cycle: FolderCycle): string {
  const loop = [...cycle.folders, cycle.folders[0]].join(' → ');
  const tangle = cycle.tangle.map((t) => `  ${t.from} → ${t.to} (${t.imports} import${t.imports === 1 ? '' : 's'})`);
  return [
    loop,
    ...cycle.edges.map((e) => `  src/${e.from} → src/${e.to}`),
    ...(tangle.length > 0 ? ['and, among the folders caught in the same knot:', ...tangle] : []),
  ].join('\n');
}

function stronglyConnected(next: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    components.push(component);
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** Breadth first from `start` back to it, inside one component. */
function shortestLoop(next: ReadonlyMap<string, ReadonlySet<string>>, within: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!within.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0] as string) as string);
        return loop;
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
