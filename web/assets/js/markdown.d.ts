/** Types for tests that import the browser module from node (tests/sandbox/markdown.test.ts). */
export declare function renderMarkdown(source: string): string;
