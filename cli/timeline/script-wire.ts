/**
 * The page script, part 7: wiring (buttons, filters, keys, clicks, scroll) and the first view:
 * a failing run opens on its failure, with the cursor on it; a passing run opens on the whole run.
 */
export const SCRIPT_WIRE = String.raw`
function onKey(e) {
  const tn = e.target.tagName;
  if (tn === 'SELECT' || tn === 'TEXTAREA' || (tn === 'INPUT' && e.target.type === 'text')) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const n = e.shiftKey ? 10 : 1;
  switch (e.key) {
    case 'ArrowRight': step(1, n); break;
    case 'ArrowLeft': step(-1, n); break;
    case 'Home': setCursor(0, true); break;
    case 'End': setCursor(N - 1, true); break;
    case 'f': case 'F': showFailure(); break;
    case '+': case '=': zoomBy(1.6); break;
    case '-': case '_': zoomBy(1 / 1.6); break;
    case '0': fitAll(); break;
    default: return;
  }
  e.preventDefault();
}

function wireFilters() {
  document.querySelectorAll('input[data-cat]').forEach((box) => {
    box.addEventListener('change', () => { F.cats[+box.dataset.cat] = box.checked; render(); });
  });
  const fate = (id, key) => document.getElementById(id).addEventListener('change', (e) => {
    F[key] = e.target.checked; render();
  });
  fate('f-delivered', 'delivered');
  fate('f-lost', 'lost');
  document.getElementById('focus').addEventListener('change', (e) => {
    F.lane = +e.target.value; render();
  });
}

function wireButtons() {
  const on = (id, f) => { const b = document.getElementById(id); if (b) b.onclick = f; };
  on('zoom-in', () => zoomBy(1.6));
  on('zoom-out', () => zoomBy(1 / 1.6));
  on('fit', fitAll);
  on('prev', () => step(-1, 1));
  on('next', () => step(1, 1));
  on('jump', showFailure);
  on('lin-open', () => openLin(-1));
  on('lin-close', () => { document.getElementById('lin-panel').hidden = true; });
  document.getElementById('jump').disabled = D.failAt < 0;
}

function wirePanel() {
  document.getElementById('panel').addEventListener('click', (e) => {
    const li = e.target.closest('[data-i],[data-op],#op-lin');
    if (!li) return;
    if (li.id === 'op-lin') openLin(+li.dataset.h);
    else if (li.dataset.op !== undefined) {
      selectedOp = +li.dataset.op; setCursor(D.ops[selectedOp][1], true);
    } else setCursor(+li.dataset.i, true);
  });
}

function wireMini() {
  const c = document.getElementById('mini');
  const go = (e) => {
    const r = c.getBoundingClientRect(), u = (e.clientX - r.left - 1) / (r.width - 2) * U[N];
    document.getElementById('scroller').scrollLeft = Math.max(0, PAD + u * scale - width / 2);
  };
  c.addEventListener('mousedown', (e) => { go(e); c.onmousemove = go; });
  window.addEventListener('mouseup', () => { c.onmousemove = null; });
}

/** Ctrl + wheel zooms around the pointer (a plain wheel scrolls, as everywhere). */
function wireWheel() {
  const sc = document.getElementById('scroller');
  sc.addEventListener('wheel', (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    setScale(scale * (e.deltaY < 0 ? 1.25 : 0.8), e.clientX - sc.getBoundingClientRect().left);
    render();
  }, { passive: false });
}

function boot() {
  let pending = false;
  const later = () => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; render(); }); }
  };
  document.getElementById('scroller').addEventListener('scroll', later);
  window.addEventListener('resize', () => { miniWidth = 0; later(); });
  const svg = document.getElementById('svg');
  svg.addEventListener('click', onSvgClick);
  svg.addEventListener('mouseover', onHover);
  svg.addEventListener('mouseout', () => { document.getElementById('tip').hidden = true; });
  document.addEventListener('keydown', onKey);
  wireFilters(); wireButtons(); wirePanel(); wireMini(); wireWheel();
  width = document.getElementById('scroller').clientWidth;
  document.getElementById('spacer').style.height = HEIGHT + 'px';
  if (D.failAt >= 0) showFailure();
  else {
    setScale(fitScale(), PAD);
    document.getElementById('scroller').scrollLeft = 0;
    setCursor(0, false);
  }
  document.body.dataset.ready = '1';
}

boot();
`;
