import type { VisualizationData } from './data.ts';
import { SCRIPT } from './script.ts';
import { STYLE } from './style.ts';

/**
 * One self-contained HTML page: CSS, script and data inline, no network access. The data sits
 * in a JSON island (`<` escaped, so no string in it can close the script element).
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
    '<div id="view"><svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg></div>',
    '<div id="tip"></div>',
    `<script type="application/json" id="data">${json}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function header(data: VisualizationData): string {
  const legend = [
    ['#d7ecd9', 'in the longest linearization'], ['#f8d4d4', 'could not come next'],
    ['#e3e7ee', 'other'], ['#fff', 'dashed: never returned'],
  ].map(([c, t]) => `<span><i class="swatch" style="background:${c}"></i>${t}</span>`).join('');
  return [
    '<header>',
    `<h1>${escapeHtml(data.title)} · ${escapeHtml(data.model)} · `
      + `<span class="verdict-${data.verdict}">${verdictText(data)}</span></h1>`,
    `<span>${data.ops.length} ops, ${data.clients.length} clients, `
      + `${data.parts.length} parts</span>`,
    '<button id="jump">jump to first error</button>',
    '<button id="zoom-out">−</button><button id="zoom-in">+</button>',
    `<span class="legend">${legend}`
      + '<span><b style="color:#2f6fd6">●</b> linearization point</span>'
      + '<span><b style="color:#c62828">✕</b> illegal next step</span>'
      + '<span><i class="swatch" style="border:2px solid #e07b00"></i>minimal failing</span>'
      + '</span>',
    '</header>',
  ].join('\n');
}

function verdictText(data: VisualizationData): string {
  return data.verdict === 'ok' ? 'linearizable'
    : data.verdict === 'illegal' ? 'not linearizable' : 'unknown';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
