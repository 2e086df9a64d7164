/**
 * The page's interaction script, run after DRAW_SCRIPT (script.ts) in the same scope: hover to
 * see an op's details and the model state around it, click to pin them, the explanation's lines
 * and "jump to first error" to bring an op into view, a part filter, and zoom.
 */
export const UI_SCRIPT = String.raw`
let pinned = false;

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
  if (minimalSet.has(i)) lines.push('in the minimal failing sub-history');
  return lines.join('\n');
}

function showTip(i, x, y) {
  const tip = document.getElementById('tip');
  tip.textContent = describe(i);
  tip.style.display = 'block';
  tip.style.left = Math.max(0, Math.min(x + 12, window.innerWidth - 540)) + 'px';
  tip.style.top = Math.max(0, Math.min(y + 12, window.innerHeight - 160)) + 'px';
}

function hideTip() { document.getElementById('tip').style.display = 'none'; }

function focusOp(i) {
  document.querySelectorAll('.focus').forEach((e) => e.classList.remove('focus'));
  document.querySelectorAll('[data-op="' + i + '"]').forEach((e) => e.classList.add('focus'));
}

/** Scrolls op i to the middle of the view (at its mark, if it has one), pins its details. */
function showOp(i) {
  const [lane, start] = D.ops[i];
  const mark = document.querySelector('#svg .mark[data-op="' + i + '"]');
  const x = mark ? mark.getBBox().x : xOf(start);
  const lanes = document.getElementById('lanes').clientWidth;
  view.scrollLeft = Math.max(0, x - (view.clientWidth - lanes) / 2);
  view.scrollTop = Math.max(0, yOf(lane) - view.clientHeight / 2 + LANE);
  focusOp(i);
  const box = document.querySelector('#svg g.box[data-op="' + i + '"] rect');
  const r = box.getBoundingClientRect();
  const left = mark ? mark.getBoundingClientRect().left : r.left;
  pinned = true;
  showTip(i, Math.max(left, Math.min(r.right, left + 40)), r.bottom);
}

function jumpToFirstError() {
  const e = D.firstError;
  if (!e) return;
  if (D.parts.length > 1) showPart(e.part);
  showOp(e.op);
}

function opAt(e) {
  const el = e.target.closest ? e.target.closest('[data-op]') : null;
  return el ? +el.getAttribute('data-op') : null;
}

/** Hovering an op shows its details and brings its part's linearization forward. */
function hover(i, e) {
  document.querySelectorAll('#svg g.part.hot').forEach((g) => g.classList.remove('hot'));
  if (i === null) { if (!pinned) hideTip(); return; }
  const part = D.ops[i][6];
  const g = document.querySelector('#svg g.part[data-part="' + part + '"]');
  if (g) g.classList.add('hot');
  if (!pinned) showTip(i, e.clientX, e.clientY);
}

function wireView() {
  const svg = document.getElementById('svg');
  svg.addEventListener('mouseover', (e) => hover(opAt(e), e));
  svg.addEventListener('mouseout', () => hover(null));
  svg.addEventListener('click', (e) => {
    const i = opAt(e);
    pinned = i !== null;
    if (pinned) { focusOp(i); showTip(i, e.clientX, e.clientY); } else hideTip();
  });
  document.querySelectorAll('#report .ref').forEach((ref) => {
    ref.addEventListener('click', () => showOp(+ref.getAttribute('data-op')));
  });
}

/** Zooms the time axis by f, keeping the middle of the view where it is. */
function zoomTo(next) {
  const lanes = document.getElementById('lanes').clientWidth;
  const middle = (view.scrollLeft + (view.clientWidth - lanes) / 2 - PAD) / scale;
  scale = Math.max(0.05, Math.min(next, MAX_WIDTH / (D.xMax + 2)));
  render();
  view.scrollLeft = Math.max(0, middle * scale + PAD - (view.clientWidth - lanes) / 2);
}

function wireControls() {
  const jump = document.getElementById('jump');
  jump.disabled = !D.firstError;
  jump.addEventListener('click', jumpToFirstError);
  document.getElementById('zoom-in').addEventListener('click', () => zoomTo(scale * 1.5));
  document.getElementById('zoom-out').addEventListener('click', () => zoomTo(scale / 1.5));
  document.getElementById('zoom-fit').addEventListener('click', () => zoomTo(fitScale()));
  const select = document.getElementById('part');
  if (select) select.addEventListener('change', () => showPart(+select.value));
}

scale = initialScale();
render();
wireView();
wireControls();
`;
