import type { VisualizationData } from './data.ts';
import { UI_SCRIPT } from './script-ui.ts';
import { DRAW_SCRIPT } from './script.ts';
import { STYLE } from './style.ts';

/**
 * One self-contained HTML page: CSS, script and data inline, no network access. The data sits
 * in a JSON island (`<` escaped, so no string in it can close the script element). The header,
 * the explanation and the part filter are plain HTML, readable even with scripts off; the
 * script draws the history.
 */
export function renderHtml(data: VisualizationData): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
      + 'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">',
    `<title>${escapeHtml(data.title)}: ${verdictText(data)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    header(data),
    reportPanel(data),
    '<div id="view"><div id="grid">',
    '<div id="corner">time →</div>',
    '<svg id="axis" xmlns="http://www.w3.org/2000/svg"></svg>',
    '<svg id="lanes" xmlns="http://www.w3.org/2000/svg"></svg>',
    '<svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg>',
    '</div></div>',
    '<div id="tip"></div>',
    `<script type="application/json" id="data">${json}</script>`,
    `<script>${DRAW_SCRIPT}${UI_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

const LEGEND = [
  '<span><i class="swatch lin"></i>in the longest linearization</span>',
  '<span><i class="swatch stuck"></i>could not come next</span>',
  '<span><i class="swatch other"></i>other</span>',
  '<span><i class="swatch pending"></i>dashed: never returned</span>',
  '<span><b class="key-point">●</b> linearization point</span>',
  '<span><b class="key-illegal">✕</b> illegal next step</span>',
  '<span><b class="key-dead-end">⊘</b> legal next, but a dead end</span>',
  '<span><i class="swatch minimal"></i>minimal failing</span>',
  '<span>x: time by rank (distinct times evenly spaced)</span>',
].join('');

function header(data: VisualizationData): string {
  return [
    '<header>',
    `<h1>${escapeHtml(data.title)} · ${escapeHtml(data.model)} · `
      + `<span class="verdict-${data.verdict}">${verdictText(data)}</span></h1>`,
    `<span>${data.ops.length} ops, ${data.clients.length} clients, `
      + `${data.parts.length} part${data.parts.length === 1 ? '' : 's'}</span>`,
    '<button id="jump">jump to first error</button>',
    '<span class="zoom">zoom <button id="zoom-out" title="zoom out">−</button>'
      + '<button id="zoom-in" title="zoom in">+</button>'
      + '<button id="zoom-fit" title="the whole history in the window">fit</button></span>',
    partFilter(data),
    `<span class="legend">${LEGEND}</span>`,
    '</header>',
  ].join('\n');
}

/** On a page of several parts (keys), a choice of which part's linearization to show. */
function partFilter(data: VisualizationData): string {
  if (data.parts.length < 2) return '';
  const options = data.parts.map((p, k) => {
    const ordered = p.verdict === 'ok' ? 'linearizable'
      : `${VERDICT[p.verdict]}, ${p.order.length} ordered`;
    return `<option value="${k}">${escapeHtml(p.label)} (${ordered})</option>`;
  });
  return '<label>linearization of <select id="part"><option value="-1">every part '
    + `(${data.parts.length})</option>${options.join('')}</select></label>`;
}

/** The CLI's report; lines that name an op bring it into view when clicked. */
function reportPanel(data: VisualizationData): string {
  const lines = data.report.map(([text, op]) => (op < 0 ? escapeHtml(text)
    : `<span class="ref" data-op="${op}" title="show this op">${escapeHtml(text)}</span>`));
  return '<details id="explain" open><summary>what <code>raftsim check</code> says</summary>'
    + `<pre id="report">${lines.join('\n')}</pre></details>`;
}

const VERDICT = { ok: 'linearizable', illegal: 'not linearizable', unknown: 'unknown' } as const;

function verdictText(data: VisualizationData): string {
  return VERDICT[data.verdict];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
