import { CATEGORIES, type TimelineData } from './data.ts';
import { SCRIPT_DRAW } from './script-draw.ts';
import { SCRIPT_MODEL } from './script-model.ts';
import { SCRIPT_PANEL } from './script-panel.ts';
import { SCRIPT_RENDER } from './script-render.ts';
import { SCRIPT_STATE } from './script-state.ts';
import { SCRIPT_UI } from './script-ui.ts';
import { SCRIPT_WIRE } from './script-wire.ts';
import { STYLE } from './style.ts';

const SCRIPT = [SCRIPT_MODEL, SCRIPT_STATE, SCRIPT_DRAW, SCRIPT_RENDER, SCRIPT_PANEL, SCRIPT_UI,
  SCRIPT_WIRE].join('\n');

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  vote: 'votes', append: 'appends', heartbeat: 'heartbeats', snapshot: 'snapshots',
  client: 'client RPCs', other: 'other',
};

/**
 * The run timeline: one self-contained HTML page (style, script and data inline; a
 * Content-Security-Policy that allows no network access). `lin` is the checker's page for the
 * run's history, embedded as a JSON string and shown in a frame on demand.
 */
export function renderTimeline(data: TimelineData, lin: string | null): string {
  const json = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
  const m = data.meta;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
      + 'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">',
    `<title>${esc(m.scenario)} seed ${m.seed ?? '-'}: ${m.ok ? 'PASS' : 'FAIL'} · raftsim</title>`,
    `<style>${STYLE}</style></head><body>`,
    header(data),
    '<div id="main"><div id="left"><canvas id="mini" title="the whole run: click or drag to '
      + 'move the view"></canvas><div id="notice" hidden></div>'
      + '<div id="scroller"><div id="spacer"></div>'
      + '<svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg></div></div>'
      + '<aside id="panel"></aside></div><div id="tip" hidden></div>',
    lin === null ? '' : '<section id="lin-panel" hidden><div class="lin-head"><b>'
      + `linearizability view</b> · ${esc(m.lin?.text ?? '')} <button id="lin-close">close`
      + '</button></div><iframe id="lin-frame" title="linearizability view"></iframe></section>',
    `<script type="application/json" id="data">${json(data)}</script>`,
    lin === null ? '' : `<script type="application/json" id="lin">${json(lin)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function header(data: TimelineData): string {
  const m = data.meta;
  const verdict = m.ok ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>';
  const run = m.schedule !== null ? `schedule ${esc(m.schedule)}` : `seed ${m.seed}`;
  const bug = (m.bug === null ? '' : ` · known-bad variant <b>${esc(m.bug)}</b>`) +
    (m.impl == null ? '' : ` · implementation <b>${esc(m.impl)}</b>`);
  const f = m.failure;
  const failure = f === null ? '' : `<div id="failure">${esc(f.kind)} check `
    + `'${esc(f.check)}' failed at ${(f.atMs / 1000).toFixed(3)} s (event ${f.event}): `
    + `${esc(f.message)}</div>`;
  return [
    '<header>',
    `<h1>${esc(m.scenario)} · ${run}${bug} · ${verdict}</h1>`,
    `<div class="sub">${esc(m.title)} <span class="src">(${esc(m.source)})</span></div>`,
    `<div class="cmd">replay: <code id="cmd">${esc(m.command)}</code> · trace `
      + `${esc(m.traceHash)} · ${(m.simMs / 1000).toFixed(1)} s virtual · ${m.runEvents} `
      + `simulator events, ${data.t.length} observed</div>`,
    failure,
    toolbar(data),
    legend(),
    '</header>',
  ].join('\n');
}

function toolbar(data: TimelineData): string {
  const cats = CATEGORIES.map((c, k) => `<label class="c-${c}"><input type="checkbox" `
    + `data-cat="${k}" checked>${CATEGORY_LABELS[c]}</label>`).join('');
  const lanes = data.lanes.map((l, k) => `<option value="${k}">${esc(l)} only</option>`).join('');
  const lin = data.meta.lin === null ? ''
    : `<button id="lin-open" title="the checker's view of this run's client history">`
      + `linearizability: ${esc(data.meta.lin.verdict)}</button>`;
  return '<div class="toolbar">'
    + '<button id="jump" title="f">jump to failure</button>'
    + '<button id="prev" title="← (shift: 10)">◀</button>'
    + '<button id="next" title="→ (shift: 10)">▶</button><span id="pos"></span>'
    + '<span class="sep"></span><button id="zoom-out" title="-">−</button>'
    + '<button id="zoom-in" title="+">+</button><button id="fit" title="0">whole run</button>'
    + `<span class="sep"></span><span class="filters">${cats}`
    + '<label><input type="checkbox" id="f-delivered" checked>delivered</label>'
    + '<label><input type="checkbox" id="f-lost" checked>lost / failed</label>'
    + `<select id="focus"><option value="-1">all lanes</option>${lanes}</select></span>`
    + `${lin}</div>`;
}

function legend(): string {
  return '<div class="legend"><span><i class="sw r-follower"></i>follower</span>'
    + '<span><i class="sw r-candidate"></i>candidate</span>'
    + '<span><i class="sw r-leader"></i>leader</span><span><i class="sw down"></i>down</span>'
    + '<span><i class="sw band"></i>links cut / slowed</span>'
    + '<span>c3 a2: commit 3, applied 2</span><span><b class="xm">✕</b> lost or failed</span>'
    + '<span>◆ network change · ● tester note</span>'
    + '<span>keys: ← → step (shift ×10), f failure, + − zoom (or ctrl + wheel), 0 whole run'
    + '</span>'
    + '<span>x: virtual time, each event given room</span></div>';
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
