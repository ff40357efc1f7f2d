// DOM helpers that only ever create text nodes from strings: no innerHTML with data anywhere
// except the escape-first Markdown renderer (markdown.js).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @param {Node} parent @param {unknown[]} children */
function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Element} node @param {Record<string, unknown>} attrs */
function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) throw new Error(`inline handler ${name} refused; use addEventListener`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

/** An HTML element; string children become text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** An SVG element; string children become text. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** @param {Element} node @param {...unknown} children */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Fetch JSON; throws with the service's error message on a non-2xx answer. */
export async function fetchJson(url, init = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const error = new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${body?.message ?? body?.error ?? 'failed'}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return { status: response.status, body };
}
