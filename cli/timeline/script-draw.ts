/**
 * The page script, part 3: drawing. Only the visible window of events is drawn (one SVG the
 * width of the view, redrawn on scroll and zoom), so a 20,000-event run never puts more than a
 * few thousand elements in the page; past MAX_ARROWS messages in view, arrows give way to a
 * notice until the user zooms in or filters.
 */
export const SCRIPT_DRAW = String.raw`
let scale = 1, left = 0, width = 800, cursor = 0;
const F = { cats: CATS.map(() => true), delivered: true, lost: true, lane: -1 };
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]); }
function tag(name, attrs, inner) {
  const a = Object.entries(attrs).map(([k, v]) => ' ' + k + '="' + esc(v) + '"').join('');
  return '<' + name + a + '>' + (inner === undefined ? '' : inner) + '</' + name + '>';
}
function xAt(i) { return PAD + U[i] * scale - left; }
function clampX(x) { return Math.max(-20, Math.min(width + 20, x)); }
/** The events drawn: those whose x falls in the view, and one more on each side. */
function visibleRange() {
  const u0 = (left - PAD) / scale, u1 = (left + width - PAD) / scale;
  const i0 = Math.max(0, lowerBound(N, (i) => U[i] >= u0) - 1);
  const i1 = Math.min(N - 1, lowerBound(N, (i) => U[i] > u1));
  return [i0, i1];
}

function msgShown(m) {
  if (!F.cats[m[5]]) return false;
  if (m[4] <= 1 ? !F.delivered : !F.lost) return false;
  return F.lane < 0 || m[0] === F.lane || m[1] === F.lane;
}

/** 1, 2 or 5 times a power of ten, at least raw. */
function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function axisSvg(i0, i1) {
  const t0 = D.t[i0] || 0, t1 = D.t[i1] || 0;
  const step = niceStep((t1 - t0) / Math.max(1, width / 110));
  let s = tag('rect', { class: 'axis-bg', x: 0, y: 0, width, height: AXIS_H });
  let lastX = -1e9;
  for (let T = Math.ceil(t0 / step) * step; T <= t1; T += step) {
    const x = PAD + (T + D.w * lowerBound(N, (i) => D.t[i] >= T)) * scale - left;
    if (x - lastX < 70) continue;
    lastX = x;
    s += tag('line', { class: 'tick', x1: x, x2: x, y1: AXIS_H - 6, y2: HEIGHT });
    s += tag('text', { class: 'tick-label', x: x + 3, y: 14 },
      T >= 1000 ? +(T / 1000).toFixed(3) + ' s' : T + ' ms');
  }
  return s;
}

function spans(list, i0, i1, each) {
  for (const g of list) if (g.b >= i0 && g.a <= i1) each(g, clampX(xAt(g.a)), clampX(xAt(g.b)));
}

function netRowSvg(i0, i1) {
  const y = AXIS_H;
  let s = tag('rect', { class: 'net-bg', x: 0, y, width, height: NET_H });
  spans(M.modes, i0, i1, (g, xa, xb) => {
    s += tag('rect', { class: 'mode', x: xa, y: y + 3, width: xb - xa, height: NET_H - 6 });
    if (xb - xa > 90) s += tag('text', { class: 'mode-label', x: Math.max(xa, PAD) + 4,
      y: y + 16 }, esc(g.text));
  });
  const shown = M.flags.filter((i) => i >= i0 && i <= i1);
  shown.forEach((i, k) => {
    const x = xAt(i), [who, what] = eventLine(i), isNet = D.ev[i][0] === K.net;
    s += isNet ? tag('path', { class: 'net-mark', 'data-i': i, d: 'M' + x + ' ' + (y + 4) +
      'l5 8l-5 8l-5 -8z' })
      : tag('circle', { class: 'note-mark', 'data-i': i, cx: x, cy: y + NET_H / 2, r: 3.5 });
    const room = (k + 1 < shown.length ? xAt(shown[k + 1]) : width) - x - 10;
    const fit = Math.floor(room / 6);
    if (fit >= 6) s += tag('text', { class: 'flag-label', x: x + 7, y: y + 16 },
      esc(what.length > fit ? what.slice(0, fit - 1) + '…' : what));
  });
  return s;
}

function serverLaneSvg(l, i0, i1) {
  const y = laneTop(l);
  let s = tag('rect', { class: 'lane-bg' + (l % 2 ? ' odd' : ''), x: 0, y, width,
    height: SRV_H });
  spans(M.bands[l], i0, i1, (g, xa, xb) => {
    s += tag('rect', { class: 'band', 'data-tip': g.text, x: xa, y: y + 1, width: xb - xa,
      height: SRV_H - 2 });
    if (xb - xa > 120) s += tag('text', { class: 'band-label', x: Math.max(xa, PAD) + 4,
      y: y + SRV_H - 5 }, esc(g.text));
  });
  s += tag('line', { class: 'lane-line', x1: 0, x2: width, y1: laneMid(l), y2: laneMid(l) });
  spans(M.roles[l], i0, i1, (g, xa, xb) => {
    const cls = g.role < 0 ? 'role down' : 'role r-' + ROLES[g.role];
    const text = g.role < 0 ? 'down' : ROLES[g.role] + ' T' + g.term;
    s += tag('rect', { class: cls, 'data-i': g.a, 'data-tip': D.lanes[l] + ' ' + text + ' (' +
      ms(g.a) + ' to ' + ms(Math.min(g.b, N - 1)) + ')', x: xa, y: y + 5,
    width: Math.max(1, xb - xa), height: 15 });
    if (xb - xa > text.length * 6.5 + 6) s += tag('text', { class: 'role-label',
      x: Math.max(xa, PAD) + 3, y: y + 16 }, esc(text));
  });
  return s + marksSvg(l, i0, i1, y);
}

/** Commit and applied indices where they change ("c3 a2"); a bare tick where labels crowd. */
function marksSvg(l, i0, i1, y) {
  let s = '', lastX = -1e9, lastTick = -1e9;
  const marks = M.marks[l];
  for (let k = lowerBound(marks.length, (j) => marks[j][0] >= i0); k < marks.length; k++) {
    const [i, c, a] = marks[k];
    if (i > i1) break;
    const x = xAt(i), text = 'c' + c + (a === c ? '' : ' a' + a);
    if (x - lastTick >= 3) {
      s += tag('line', { class: 'mark', x1: x, x2: x, y1: y + 35, y2: y + 40 });
      lastTick = x;
    }
    if (x - lastX > text.length * 6 + 6) {
      s += tag('text', { class: 'mark-label', x: x + 2, y: y + 46 }, text);
      lastX = x;
    }
  }
  return s;
}

function rowsSvg() {
  let s = '';
  ROW_NAMES.forEach((_, r) => {
    s += tag('rect', { class: 'lane-bg client' + (r % 2 ? ' odd' : ''), x: 0, y: rowTop(r),
      width, height: CLI_H });
  });
  return s;
}

function clientLaneSvg(l, i0, i1) {
  const y = laneTop(l);
  let s = '';
  spans(M.bands[l], i0, i1, (g, xa, xb) => {
    s += tag('rect', { class: 'band allow', 'data-tip': D.lanes[l] + ' ' + g.text, x: xa,
      y: y + 1, width: xb - xa, height: CLI_H - 2 });
  });
  return s;
}

function opsSvg(i0, i1) {
  let s = '';
  const blamed = new Set(D.meta.lin ? D.meta.lin.blamed : []);
  overlapping(D.ops, OP_END, 1, 2, i0, i1, (o, k) => {
    const y = laneTop(o[0]) + 5, xa = clampX(xAt(o[1]));
    const xb = clampX(o[2] < 0 ? xAt(N - 1) + 30 : xAt(o[2]));
    const w = Math.max(2, xb - xa);
    const text = S[o[3]] + (o[4] >= 0 ? ' → ' + S[o[4]] : '');
    const cls = 'op' + (o[2] < 0 ? ' pending' : '') + (blamed.has(o[5]) ? ' blamed' : '');
    s += tag('rect', { class: cls, 'data-op': k, x: xa, y, width: w, height: CLI_H - 10, rx: 3 });
    const fit = Math.floor((w - 6) / 6.2);
    if (fit > 3) s += tag('text', { class: 'op-label', x: Math.max(xa, PAD) + 3, y: y + 14 },
      esc(text.length > fit ? text.slice(0, fit - 1) + '…' : text));
  });
  return s;
}
`;
