/**
 * The page's script (plain JavaScript in a string: it runs in the browser, not in Node). It
 * reads the JSON data island, draws one SVG, and wires hover, click-to-pin, zoom and "jump to
 * first error". Small named functions, no dependencies, no network.
 */
export const SCRIPT = String.raw`
'use strict';
const D = JSON.parse(document.getElementById('data').textContent);
const LANE = 30, TOP = 24, LEFT = 80, BOX = 20;
const pointOf = new Map(), posOf = new Map(), stuckOf = new Map();
let scale = Math.max(3, Math.min(40, 1600 / (D.xMax + 2)));
let pinned = false;

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]); }
/** An SVG element as text: tag('rect', {x: 1}, '') -> <rect x="1"></rect>. */
function tag(name, attrs, inner) {
  const a = Object.entries(attrs).map(([k, v]) => ' ' + k + '="' + esc(v) + '"').join('');
  return '<' + name + a + '>' + (inner || '') + '</' + name + '>';
}
function xOf(rank) { return LEFT + rank * scale + 4; }
function yOf(lane) { return TOP + lane * LANE; }

function layoutPoints() {
  pointOf.clear(); posOf.clear(); stuckOf.clear();
  D.parts.forEach((p, k) => {
    let x = 0;
    p.order.forEach((op, i) => {
      const [, start, end] = D.ops[op];
      x = Math.min(Math.max(x, xOf(start) + 2), xOf(end) + scale - 2);
      pointOf.set(op, x); posOf.set(op, [k, i]);
      x += 1;
    });
    p.stuck.forEach(([op, reason]) => stuckOf.set(op, [k, reason]));
  });
}

function boxSvg(op, i) {
  const [lane, start, end, desc] = op;
  const x = xOf(start), w = Math.max(3, xOf(end) - x + scale - 4), y = yOf(lane) + 4;
  const cls = ['op', posOf.has(i) ? 'lin' : '', stuckOf.has(i) ? 'stuck' : '',
    op[5] === null ? 'pending' : '', D.minimal.includes(i) ? 'minimal' : ''].join(' ');
  const fit = Math.max(1, Math.floor(w / 6) - 1);
  const text = desc.length * 6 > w ? desc.slice(0, fit) + '…' : desc;
  const label = w > 30 ? tag('text', { x: x + 3, y: y + 14 }, esc(text)) : '';
  return tag('rect', { class: cls, 'data-op': i, x, y, width: w, height: BOX, rx: 3 }) + label;
}

function linearizationSvg(p, k) {
  const pts = p.order.map((op) => [pointOf.get(op), yOf(D.ops[op][0]) + 4 + BOX / 2]);
  let s = '<g class="part-' + p.verdict + '"><polyline class="lin-line" points="' +
    pts.map((q) => q.join(',')).join(' ') + '"></polyline>';
  p.order.forEach((op, i) => {
    s += tag('circle', { class: 'lin-pt', 'data-op': op, cx: pts[i][0], cy: pts[i][1], r: 3 });
  });
  return s + '</g>';
}

function illegalSvg(op) {
  const [lane, start] = D.ops[op];
  const last = D.parts[stuckOf.get(op)[0]].order.slice(-1)[0];
  const x = Math.max(xOf(start) + 6, last === undefined ? 0 : pointOf.get(last) + 6);
  const y = yOf(lane) + 4 + BOX / 2;
  const d = 'M' + (x - 5) + ' ' + (y - 5) + 'l10 10m0 -10l-10 10';
  return tag('path', { class: 'illegal', 'data-op': op, d });
}

function render() {
  layoutPoints();
  const width = xOf(D.xMax + 2) + 20, height = yOf(D.clients.length) + 10;
  let s = '';
  D.clients.forEach((c, lane) => {
    const y = yOf(lane) + LANE;
    s += tag('line', { class: 'lane', x1: 0, x2: width, y1: y, y2: y });
    s += tag('text', { class: 'lane-label', x: 6, y: yOf(lane) + 18 }, 'client ' + esc(c));
  });
  D.ops.forEach((op, i) => { s += boxSvg(op, i); });
  D.parts.forEach((p, k) => { s += linearizationSvg(p, k); });
  for (const op of stuckOf.keys()) s += illegalSvg(op);
  const svg = document.getElementById('svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height);
  svg.innerHTML = s;
}

function describe(i) {
  const [, , , desc, call, ret, part, line] = D.ops[i];
  const returned = ret === null ? 'never (unknown outcome)' : ret;
  const where = line ? '   (line ' + line + ')' : '';
  const lines = [desc, 'call ' + call + ', return ' + returned + where];
  if (part >= 0) lines.push('part ' + D.parts[part].label);
  if (posOf.has(i)) {
    const [k, n] = posOf.get(i), p = D.parts[k];
    const before = n === 0 ? p.initialState : p.states[n - 1];
    lines.push('linearized as step ' + (n + 1) + ' of ' + p.order.length,
      'state before: ' + before, 'state after:  ' + p.states[n]);
  } else if (stuckOf.has(i)) {
    const [k, reason] = stuckOf.get(i), p = D.parts[k];
    const state = p.order.length ? p.states[p.order.length - 1] : p.initialState;
    lines.push(reason === 'illegal' ? 'ILLEGAL as the next step' : 'legal next, but a dead end',
      'state: ' + state);
  } else lines.push('not in the longest linearization');
  if (D.minimal.includes(i)) lines.push('in the minimal failing sub-history');
  return lines.join('\n');
}

function showTip(i, x, y) {
  const tip = document.getElementById('tip');
  tip.textContent = describe(i);
  tip.style.display = 'block';
  tip.style.left = Math.min(x + 12, window.innerWidth - 540) + 'px';
  tip.style.top = Math.min(y + 12, window.innerHeight - 160) + 'px';
}

function hideTip() { document.getElementById('tip').style.display = 'none'; }

function focusOp(i) {
  document.querySelectorAll('.focus').forEach((e) => e.classList.remove('focus'));
  document.querySelectorAll('[data-op="' + i + '"]').forEach((e) => e.classList.add('focus'));
}

function jumpToFirstError() {
  if (!D.firstError) return;
  const i = D.firstError.op;
  const mark = document.querySelector('.illegal[data-op="' + i + '"]');
  mark.scrollIntoView({ block: 'center', inline: 'center' });
  focusOp(i);
  const r = mark.getBoundingClientRect();
  pinned = true;
  showTip(i, r.right, r.bottom);
}

function wire() {
  const svg = document.getElementById('svg');
  svg.addEventListener('mouseover', (e) => {
    const i = e.target.getAttribute && e.target.getAttribute('data-op');
    if (i !== null && !pinned) showTip(+i, e.clientX, e.clientY);
  });
  svg.addEventListener('mouseout', () => { if (!pinned) hideTip(); });
  svg.addEventListener('click', (e) => {
    const i = e.target.getAttribute && e.target.getAttribute('data-op');
    pinned = i !== null;
    if (pinned) { focusOp(+i); showTip(+i, e.clientX, e.clientY); }
    else hideTip();
  });
  const jump = document.getElementById('jump');
  jump.disabled = !D.firstError;
  jump.addEventListener('click', jumpToFirstError);
  const zoom = (f) => { scale = Math.max(0.5, scale * f); render(); };
  document.getElementById('zoom-in').addEventListener('click', () => zoom(1.5));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1 / 1.5));
}

render();
wire();
`;
