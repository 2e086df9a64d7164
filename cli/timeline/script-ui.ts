/**
 * The page script, part 6: the cursor, zoom, filters, keys, the failure jump, and the link to
 * the checker's linearizability page (embedded as text; loaded into a frame on first use).
 */
export const SCRIPT_UI = String.raw`
function eventShown(i) {
  const e = D.ev[i];
  return e[0] > K.fail || msgShown(D.msgs[e[1]]);
}

function setCursor(i, reveal) {
  cursor = Math.max(0, Math.min(N - 1, i));
  const e = D.ev[cursor];
  if (e && (e[0] === K.invoke || e[0] === K.return)) selectedOp = e[1];
  if (reveal) {
    const x = xAt(cursor);
    if (x < PAD + 20 || x > width - 20) {
      document.getElementById('scroller').scrollLeft = Math.max(0, left + x - width * 0.6);
    }
  }
  render();
  renderPanel();
}

function step(dir, n) {
  let i = cursor;
  for (let k = 0; k < n; k++) {
    let j = i + dir;
    while (j >= 0 && j < N && !eventShown(j)) j += dir;
    if (j < 0 || j >= N) break;
    i = j;
  }
  setCursor(i, true);
}

function fitScale() { return Math.max(1e-9, (width - PAD - 30) / U[N]); }

/** Zoom to s px per unit, keeping the point under anchorX where it is (the caller renders). */
function setScale(s, anchorX) {
  const u = (anchorX + left - PAD) / scale;
  scale = Math.max(fitScale(), Math.min(s, MAX_PX / U[N]));
  document.getElementById('spacer').style.width = (PAD + U[N] * scale + 30) + 'px';
  const sc = document.getElementById('scroller');
  sc.scrollLeft = Math.max(0, u * scale + PAD - anchorX);
}

function zoomBy(f) {
  const x = xAt(cursor);
  setScale(scale * f, x >= PAD && x <= width ? x : width / 2);
  render();
}

function fitAll() {
  setScale(fitScale(), PAD);
  document.getElementById('scroller').scrollLeft = 0;
  render();
}

/** About the 120 events before the failure, the failure at 85% of the view. */
function showFailure() {
  if (D.failAt < 0) return;
  const i0 = Math.max(0, D.failAt - 120);
  const span = Math.max(U[D.failAt] - U[i0], 1);
  setScale((width - PAD) * 0.8 / span, PAD);
  document.getElementById('scroller').scrollLeft =
    Math.max(0, PAD + U[D.failAt] * scale - width * 0.85);
  setCursor(D.failAt, false);
}

function openLin(h) {
  const panel = document.getElementById('lin-panel');
  if (!panel) return;
  panel.hidden = false;
  const frame = document.getElementById('lin-frame');
  const focus = () => { if (h >= 0) focusLinOp(frame, h); };
  if (!frame.srcdoc) {
    frame.addEventListener('load', focus, { once: true });
    frame.srcdoc = JSON.parse(document.getElementById('lin').textContent);
  } else focus();
  panel.scrollIntoView({ block: 'start' });
}

/** Pin op h in the checker's page, as a click on it there would. */
function focusLinOp(frame, h) {
  const doc = frame.contentDocument;
  const el = doc && doc.querySelector('[data-op="' + h + '"]');
  if (!el) return;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.left + 2,
    clientY: r.top + 2 }));
}

function onSvgClick(e) {
  const t = e.target, get = (a) => (t.getAttribute ? t.getAttribute(a) : null);
  if (get('data-m') !== null) {
    const m = D.msgs[+get('data-m')];
    setCursor(cursor === m[2] && m[3] >= 0 ? m[3] : m[2], false);
  } else if (get('data-op') !== null) {
    selectedOp = +get('data-op');
    setCursor(D.ops[selectedOp][1], false);
  } else if (get('data-lane') !== null) {
    F.lane = F.lane === +get('data-lane') ? -1 : +get('data-lane');
    document.getElementById('focus').value = F.lane;
    render();
  } else if (get('data-i') !== null) {
    setCursor(+get('data-i'), false);
  } else {
    const r = document.getElementById('svg').getBoundingClientRect();
    const u = (e.clientX - r.left + left - PAD) / scale;
    const i = lowerBound(N, (k) => U[k] >= u);
    setCursor(i > 0 && u - U[i - 1] < U[Math.min(i, N - 1)] - u ? i - 1 : i, false);
  }
}
/** The hover text of an element: a message, an op, an event, or its own data-tip. */
function tipText(t) {
  const get = (a) => (t.getAttribute ? t.getAttribute(a) : null);
  if (get('data-m') !== null) {
    const m = D.msgs[+get('data-m')];
    return S[m[6]] + '\n' + lane(m[0]) + ' → ' + lane(m[1]) + ', sent at ' + ms(m[2]) + ': ' +
      FATES[m[4]] + (m[3] >= 0 ? ' at ' + ms(m[3]) : '');
  }
  if (get('data-op') !== null) {
    const o = D.ops[+get('data-op')];
    return lane(o[0]) + ' ' + S[o[3]] + (o[4] >= 0 ? ' → ' + S[o[4]] : ' (never returned)') +
      (o[5] >= 0 ? '\nhistory op ' + o[5] : '');
  }
  if (get('data-tip') !== null) return get('data-tip');
  if (get('data-i') !== null) return eventLine(+get('data-i')).join(': ');
  return '';
}

function onHover(e) {
  const text = tipText(e.target), tip = document.getElementById('tip');
  tip.hidden = !text;
  if (!text) return;
  tip.textContent = text;
  tip.style.left = Math.min(e.clientX + 12, window.innerWidth - 420) + 'px';
  tip.style.top = (e.clientY + 14) + 'px';
}
`;
