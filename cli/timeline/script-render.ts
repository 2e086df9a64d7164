/**
 * The page script, part 4: message arrows, the cursor, lane labels, the overview strip, and
 * render() itself. An arrow runs from its send to its delivery; a message that never arrived
 * is a short stub toward its target ending in a cross where its fate was settled (lost,
 * unreachable, cut off...), and one whose target died on the way reaches the target's lane and
 * ends in a cross there.
 */
export const SCRIPT_RENDER = String.raw`
const STUB = new Set(['lost', 'unreachable', 'cut', 'abandoned']);

function head(x1, y1, x2, y2) {
  const a = Math.atan2(y2 - y1, x2 - x1), h = 6;
  const p = (d) => (x2 - h * Math.cos(a + d)) + ' ' + (y2 - h * Math.sin(a + d));
  return 'M' + p(0.45) + 'L' + x2 + ' ' + y2 + 'L' + p(-0.45);
}

function cross(x, y) {
  return 'M' + (x - 4) + ' ' + (y - 4) + 'l8 8m0 -8l-8 8';
}

function arrowSvg(m, k, isCur) {
  const fate = FATES[m[4]];
  const x1 = clampX(xAt(m[2])), y1 = laneMid(m[0]), y2 = laneMid(m[1]);
  const cls = 'm c-' + CATS[m[5]] + ' f-' + fate.replace(' ', '-') + (m[8] ? ' reply' : '') +
    (m[9] ? ' dup' : '') + (isCur ? ' cur' : '');
  let x2 = m[3] < 0 ? xAt(N - 1) + 30 : xAt(m[3]), yEnd = y2;
  if (STUB.has(fate)) {
    x2 = Math.max(x2, x1 + 10);
    yEnd = y1 + (y2 - y1) * 0.35;
  }
  x2 = clampX(x2);
  let d = 'M' + x1 + ' ' + y1 + 'L' + x2 + ' ' + yEnd;
  if (fate === 'delivered' || fate === 'in flight') d += head(x1, y1, x2, yEnd);
  let s = tag('path', { class: cls, 'data-m': k, d });
  if (fate !== 'delivered' && fate !== 'in flight') {
    s += tag('path', { class: 'x-mark' + (isCur ? ' cur' : ''), 'data-m': k,
      d: cross(x2, yEnd) });
  }
  return s;
}

/** The arrows in view; null when there are more than MAX_ARROWS (the notice says so). */
function arrowsSvg(i0, i1) {
  const shown = [];
  overlapping(D.msgs, MSG_END, 2, 3, i0, i1, (m, k) => { if (msgShown(m)) shown.push(k); });
  const note = document.getElementById('notice');
  const curMsg = cursorMessage();
  let s = '';
  if (shown.length > MAX_ARROWS) {
    note.textContent = shown.length.toLocaleString('en') + ' messages in view: zoom in (+) ' +
      'or filter them to draw the arrows';
    note.hidden = false;
  } else {
    note.hidden = true;
    for (const k of shown) if (k !== curMsg) s += arrowSvg(D.msgs[k], k, false);
  }
  if (curMsg >= 0) s += arrowSvg(D.msgs[curMsg], curMsg, true);
  document.getElementById('svg').dataset.arrows = shown.length > MAX_ARROWS ? 0 : shown.length;
  return s;
}

function cursorMessage() {
  const e = D.ev[cursor];
  return e && e[0] <= K.fail ? e[1] : -1;
}

function cursorSvg() {
  const x = xAt(cursor);
  let s = tag('line', { class: 'cursor', x1: x, x2: x, y1: AXIS_H, y2: HEIGHT });
  if (D.failAt >= 0) {
    const xf = xAt(D.failAt);
    s += tag('line', { class: 'fail-line', x1: xf, x2: xf, y1: AXIS_H, y2: HEIGHT });
  }
  return s;
}

function labelsSvg() {
  let s = tag('rect', { class: 'label-bg', x: 0, y: AXIS_H, width: PAD - 4,
    height: HEIGHT - AXIS_H });
  s += tag('text', { class: 'lane-name small', x: 6, y: AXIS_H + 16 }, 'net');
  for (let l = 0; l < NS; l++) {
    s += tag('text', { class: 'lane-name' + (F.lane === l ? ' focus' : ''), 'data-lane': l,
      x: 6, y: laneMid(l) + 4 }, esc(D.lanes[l]));
  }
  ROW_NAMES.forEach((names, r) => {
    const text = names.join(' ');
    const attrs = { class: 'lane-name client' + (F.lane >= NS && ROW[F.lane] === r &&
      names.includes(D.lanes[F.lane]) ? ' focus' : ''), x: 6, y: rowTop(r) + CLI_H / 2 + 4 };
    if (names.length === 1) attrs['data-lane'] = D.lanes.indexOf(names[0]);
    attrs['data-tip'] = 'clients ' + text;
    s += tag('text', attrs, esc(text.length > 11 ? text.slice(0, 10) + '…' : text));
  });
  return s;
}

function render() {
  const sc = document.getElementById('scroller');
  left = sc.scrollLeft;
  width = sc.clientWidth;
  const [i0, i1] = N ? visibleRange() : [0, -1];
  let s = axisSvg(i0, i1) + netRowSvg(i0, i1);
  for (let l = 0; l < NS; l++) s += serverLaneSvg(l, i0, i1);
  s += rowsSvg();
  for (let l = NS; l < NL; l++) s += clientLaneSvg(l, i0, i1);
  s += opsSvg(i0, i1) + arrowsSvg(i0, i1) + cursorSvg() + labelsSvg();
  const svg = document.getElementById('svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', HEIGHT);
  svg.style.left = left + 'px';
  svg.innerHTML = s;
  drawMini();
}

const MINI_ROW = 5;
let miniRoles = null, miniWidth = 0;

/** The overview's role strips, drawn once per width (they never change). */
function miniBase(w, h) {
  if (miniRoles && miniRoles.width === w) return miniRoles;
  const c = document.createElement('canvas');
  c.width = w; c.height = h;
  const g = c.getContext('2d'), k = (w - 2) / U[N];
  const colour = { '-1': '#555', 0: '#cfd6e0', 1: '#f1b44c', 2: '#3a9d5d' };
  for (let l = 0; l < NS; l++) {
    for (const r of M.roles[l]) {
      g.fillStyle = colour[r.role];
      g.fillRect(1 + U[r.a] * k, 3 + l * MINI_ROW, Math.max(1, (U[r.b] - U[r.a]) * k),
        MINI_ROW - 1);
    }
  }
  if (D.failAt >= 0) { g.fillStyle = '#c62828'; g.fillRect(U[D.failAt] * k, 0, 2, h); }
  miniRoles = c;
  return c;
}

/** The overview: the whole run's roles, the view's window, and the cursor. */
function drawMini() {
  const c = document.getElementById('mini');
  if (!miniWidth) miniWidth = c.clientWidth;
  const w = miniWidth, h = Math.max(1, NS) * MINI_ROW + 6;
  if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
  const g = c.getContext('2d'), k = (w - 2) / U[N];
  g.clearRect(0, 0, w, h);
  g.drawImage(miniBase(w, h), 0, 0);
  g.strokeStyle = '#1f5fbf';
  g.strokeRect(1 + (left - PAD) / scale * k, 0.5, Math.max(2, width / scale * k), h - 1);
  g.fillStyle = '#000';
  g.fillRect(1 + U[cursor] * k, 0, 1, h);
}
`;
