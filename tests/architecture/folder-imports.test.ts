import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { describeCycle, type FileEdge, folderCycles, folderEdges, folderOf, importSpecifiers } from './folder-graph.ts';

/**
 * Folder imports that run one way (docs/architecture.md, "Which folder may import which"; issue 20): no two
 * folders of src/ may import each other, directly or around a loop. Files directly in src/ (main.ts,
 * compose.ts, service-call.ts) count each as a node of their own.
 *
 * An import that closes a loop and cannot be moved yet goes here, as a folder pair with the reason; the
 * list starts empty, and an entry whose import is gone fails the test so the list only shrinks.
 */
const ALLOWED: readonly { readonly from: string; readonly to: string; readonly reason: string }[] = [];

const isAllowed = (edge: FileEdge) => ALLOWED.some((a) => a.from === folderOf(edge.from) && a.to === folderOf(edge.to));

describe('folder imports of src/', () => {
  const edges = folderEdges(path.join(PROJECT_ROOT, 'src'));

  it('form no loop between folders', () => {
    const cycles = folderCycles(edges.filter((edge) => !isAllowed(edge)));
    expect(cycles.map(describeCycle).join('\n\n')).toBe('');
  });

  it('allow only imports that still exist', () => {
    const stale = ALLOWED.filter((a) => !edges.some((e) => folderOf(e.from) === a.from && folderOf(e.to) === a.to));
    expect(stale).toEqual([]);
  });

  it('are read from the service itself: the pipeline imports its steps', () => {
    const fromPipeline = new Set(edges.filter((e) => e.from === 'service-call.ts').map((e) => folderOf(e.to)));
    expect([...fromPipeline]).toEqual(expect.arrayContaining(['auth', 'validate', 'gather', 'normalize', 'facts', 'evaluate', 'cards']));
  });
});

describe('the folder-loop detector', () => {
  it('reads every kind of import, and none in comments or strings', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      'import {',
      '  c,',
      '  type C,',
      "} from './c.ts';",
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "import express from 'express';",
      "// import { x } from './commented.ts';",
      'const text = "import { y } from \'./in-a-string.ts\'";',
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.ts', '../b/b.ts', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts', 'express']);
  });

  it('reports a loop with the file imports that make it, and stays quiet without one', () => {
    const edges: FileEdge[] = [
      { from: 'cards/render-card.ts', to: 'rules/rule-set.ts' },
      { from: 'rules/rule-set.ts', to: 'evaluate/rule-index.ts' },
      { from: 'evaluate/evaluate.ts', to: 'cards/template.ts' },
      { from: 'service-call.ts', to: 'cards/render-card.ts' },
      { from: 'main.ts', to: 'service-call.ts' },
    ];
    const cycles = folderCycles(edges);
    expect(cycles).toHaveLength(1);
    expect(describeCycle(cycles[0] as (typeof cycles)[number])).toBe(
      [
        'cards → rules → evaluate → cards',
        '  src/cards/render-card.ts → src/rules/rule-set.ts',
        '  src/rules/rule-set.ts → src/evaluate/rule-index.ts',
        '  src/evaluate/evaluate.ts → src/cards/template.ts',
      ].join('\n'),
    );
    expect(folderCycles(edges.filter((e) => e.from !== 'evaluate/evaluate.ts'))).toEqual([]);
  });

  it('reports two folders that import each other, root files as nodes of their own', () => {
    const cycles = folderCycles([
      { from: 'service-call.ts', to: 'http/api-error.ts' },
      { from: 'http/app.ts', to: 'service-call.ts' },
      { from: 'main.ts', to: 'http/app.ts' },
    ]);
    expect(cycles.map((c) => c.folders)).toEqual([['http', 'service-call.ts']]);
  });
});
