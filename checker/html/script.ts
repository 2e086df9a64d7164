/**
 * The page's drawing script (plain JavaScript in a string: it runs in the browser, not in Node).
 * It reads the JSON data island and draws three SVGs inside one scrolling view: the time axis
 * (sticky at the top), the client names (sticky at the left, so they stay in view when the
 * page scrolls sideways) and the history. The interaction half is in script-ui.ts. Small named
 * functions, no dependencies, no network.
 */
export const DRAW_SCRIPT = String.raw`
'use strict';
const D = JSON.parse(document.getElementById('data').textContent);
const LANE = 40, BOX = 32, PAD = 8, TICK_GAP = 110, MAX_WIDTH = 200000, PALETTE = 8;
/** A label may run past its box into free space of its lane, up to this many pixels. */
const LABEL_REACH = 260;
const pointOf = new Map(), posOf = new Map(), stuckOf = new Map();
const minimalSet = new Set(D.minimal);
const view = document.getElementById('view');
let scale = 1;
let shownPart = -1;

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]); }
/** An SVG element as text: tag('rect', {x: 1}, '') -> <rect x="1"></rect>. */
function tag(name, attrs, inner) {
  const a = Object.entries(attrs).map(([k, v]) => ' ' + k + '="' + esc(v) + '"').join('');
  return '<' + name + a + '>' + (inner || '') + '</' + name + '>';
}
function xOf(rank) { return PAD + rank * scale; }
function yOf(lane) { return lane * LANE; }
/** Points and marks sit on the top edge of a box, clear of its label. */
function pointY(lane) { return yOf(lane) + 4; }
function width() { return xOf(D.xMax + 2) + 40; }
function height() { return yOf(D.clients.length) + 6; }

/** Event times by rank (the x scale is by rank: distinct times evenly spaced). */
const timeAt = (() => {
  const t = new Array(D.xMax + 1).fill(null);
  for (const o of D.ops) {
    t[o[1]] = o[4];
    if (o[5] !== null) t[o[2]] = o[5];
  }
  return t;
})();

/** The whole history in the window. */
function fitScale() {
  return Math.max(0.05, (view.clientWidth - 96 - 60) / (D.xMax + 2));
}
/** At first, three boxes in four are wide enough for a short label (130 pixels); the
 *  page scrolls sideways, "fit" shows it whole. */
function initialScale() {
  const spans = D.ops.map((o) => o[2] - o[1] + 1).sort((a, b) => a - b);
  const short = spans.length ? spans[spans.length >> 2] : 1;
  const wanted = Math.min(40, Math.max(fitScale(), 130 / short));
  return Math.min(wanted, MAX_WIDTH / (D.xMax + 2));
}

/** Monospace label width per character, measured once. */
const CHAR = (() => {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '11px monospace';
  return ctx.measureText('0123456789').width / 10 || 6.6;
})();

/** Cuts a value in the middle to n characters: "x 0 0 yx 7 7 y" -> "x 0 …7 y". */
function middle(s, n) {
  const a = Math.ceil((n - 1) / 2), b = n - 1 - a;
  return s.slice(0, a) + '…' + (b > 0 ? s.slice(s.length - b) : '');
}
/** Fits a label (segments; odd ones are values) into max characters: values shrink first,
 *  the longest first, down to 3 characters, then to "…"; only then is the end cut. */
function fitLabel(segs, max) {
  const s = segs.slice();
  let excess = s.join('').length - max;
  const values = s.map((_, i) => i).filter((i) => i % 2 === 1)
    .sort((a, b) => s[b].length - s[a].length);
  for (const least of [3, 1]) {
    for (const i of values) {
      if (excess <= 0) break;
      const keep = Math.max(least, s[i].length - excess);
      if (keep < s[i].length) { excess -= s[i].length - keep; s[i] = middle(s[i], keep); }
    }
  }
  const t = s.join('');
  if (t.length <= max) return t;
  return max >= 2 ? t.slice(0, max - 1) + '…' : '';
}

function layoutPoints() {
  pointOf.clear(); posOf.clear(); stuckOf.clear();
  D.parts.forEach((p, k) => {
    let x = 0;
    p.order.forEach((op, i) => {
      const [, start, end] = D.ops[op];
      x = Math.min(Math.max(x, xOf(start) + 2), xOf(end + 1) - 4);
      pointOf.set(op, x); posOf.set(op, [k, i]);
      x += 1;
    });
    p.stuck.forEach(([op, reason]) => stuckOf.set(op, [k, reason]));
  });
}

/** Where each op's label may reach: the next call in its lane. */
function labelRoom() {
  const room = new Array(D.ops.length).fill(Infinity);
  const byLane = D.clients.map(() => []);
  D.ops.forEach((o, i) => byLane[o[0]].push(i));
  for (const list of byLane) {
    list.sort((a, b) => D.ops[a][1] - D.ops[b][1] || a - b);
    for (let k = 0; k + 1 < list.length; k++) room[list[k]] = xOf(D.ops[list[k + 1]][1]);
  }
  return room;
}

function boxSvg(op, i, room) {
  const [lane, start, end] = op;
  const x = xOf(start), w = Math.max(3, xOf(end + 1) - x - 4), y = yOf(lane) + 4;
  const cls = ['op', posOf.has(i) ? 'lin' : '', stuckOf.has(i) ? 'stuck' : '',
    op[5] === null ? 'pending' : '', minimalSet.has(i) ? 'minimal' : ''].join(' ');
  let s = tag('rect', { class: cls, x, y, width: w, height: BOX, rx: 3 });
  const chars = Math.floor((Math.min(room, x + Math.max(w, LABEL_REACH)) - x - 6) / CHAR);
  const call = fitLabel(op[8], chars), result = fitLabel(op[9], chars);
  if (call) s += tag('text', { class: 'lbl', x: x + 3, y: y + 13 }, esc(call));
  if (result) s += tag('text', { class: 'lbl res', x: x + 3, y: y + 27 }, esc(result));
  return tag('g', { class: 'box', 'data-op': i, 'data-part': op[6] }, s);
}

function linearizationSvg(p, k) {
  const pts = p.order.map((op) => [pointOf.get(op), pointY(D.ops[op][0])]);
  const c = 'c' + (D.parts.length === 1 ? 0 : k % PALETTE);
  let s = '<g class="part part-' + p.verdict + ' ' + c + '" data-part="' + k + '">' +
    tag('polyline', { class: 'lin-line', points: pts.map((q) => q.join(',')).join(' ') });
  p.order.forEach((op, i) => {
    s += tag('circle', { class: 'lin-pt', 'data-op': op, cx: pts[i][0], cy: pts[i][1], r: 3 });
  });
  return s + '</g>';
}

/** A red cross on an op the model rejects next; an amber slashed circle on a dead end. */
function stuckSvg(op) {
  const [lane, start] = D.ops[op];
  const [k, reason] = stuckOf.get(op);
  const last = D.parts[k].order.slice(-1)[0];
  const x = Math.max(xOf(start) + 8, last === undefined ? 0 : pointOf.get(last) + 8);
  const y = pointY(lane);
  if (reason === 'illegal') {
    const d = 'M' + (x - 5) + ' ' + (y - 5) + 'l10 10m0 -10l-10 10';
    return tag('path', { class: 'mark illegal', 'data-op': op, d });
  }
  return tag('g', { class: 'mark dead-end', 'data-op': op },
    tag('circle', { cx: x, cy: y, r: 5 }) + tag('path', { d: 'M' + (x - 3.5) + ' ' + (y + 3.5)
      + 'l7 -7' }));
}

function gridSvg() {
  let s = '', last = -Infinity;
  for (let r = 0; r <= D.xMax; r++) {
    if (xOf(r) - last < TICK_GAP || timeAt[r] === null) continue;
    last = xOf(r);
    s += tag('line', { class: 'grid', x1: last, x2: last, y1: 0, y2: height() });
  }
  return s;
}

function axisSvg() {
  let s = '', last = -Infinity;
  for (let r = 0; r <= D.xMax; r++) {
    if (xOf(r) - last < TICK_GAP || timeAt[r] === null) continue;
    last = xOf(r);
    s += tag('line', { class: 'tick', x1: last, x2: last, y1: 18, y2: 26 });
    s += tag('text', { class: 'tick-label', 'data-time': timeAt[r], x: last + 3, y: 14 },
      esc(timeAt[r]));
  }
  return s;
}

function lanesSvg() {
  let s = '';
  D.clients.forEach((c, lane) => {
    s += tag('text', { class: 'lane-label', x: 8, y: yOf(lane) + 4 + BOX / 2 + 4 },
      'client ' + esc(c));
    s += tag('line', { class: 'lane', x1: 0, x2: 200, y1: yOf(lane + 1), y2: yOf(lane + 1) });
  });
  return s;
}

function setSvg(id, w, h, inner) {
  const svg = document.getElementById(id);
  svg.setAttribute('width', w); svg.setAttribute('height', h);
  svg.innerHTML = inner;
}

function render() {
  layoutPoints();
  const room = labelRoom();
  let s = gridSvg();
  D.clients.forEach((c, lane) => {
    s += tag('line', { class: 'lane', x1: 0, x2: width(), y1: yOf(lane + 1), y2: yOf(lane + 1) });
  });
  D.ops.forEach((op, i) => { s += boxSvg(op, i, room[i]); });
  D.parts.forEach((p, k) => { s += linearizationSvg(p, k); });
  for (const op of stuckOf.keys()) s += stuckSvg(op);
  setSvg('svg', width(), height(), s);
  setSvg('axis', width(), 28, axisSvg());
  setSvg('lanes', 96, height(), lanesSvg());
  showPart(shownPart);
}

/** Shows one part's linearization (k) or every part's (-1); other parts' ops are dimmed. */
function showPart(k) {
  shownPart = k;
  document.querySelectorAll('#svg g.part').forEach((g) => {
    g.classList.toggle('hidden', k >= 0 && +g.getAttribute('data-part') !== k);
  });
  document.querySelectorAll('#svg g.box').forEach((g) => {
    g.classList.toggle('dim', k >= 0 && +g.getAttribute('data-part') !== k);
  });
  const select = document.getElementById('part');
  if (select) select.value = String(k);
}
`;
