/** Types for tests that import the browser module from node (tests/sandbox/markdown.test.ts). */
export declare function escapeHtml(text: string): string;
export declare function renderMarkdown(source: string): string;
export declare function renderInline(text: string): string;
