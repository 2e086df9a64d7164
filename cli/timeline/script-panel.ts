/**
 * The page script, part 5: the side panel: where the cursor is, the events around it, and the
 * cluster at that instant (each server's role, term, vote, commit, applied, and log; the client
 * operations in progress).
 */
export const SCRIPT_PANEL = String.raw`
const LOG_SHOWN = 32, AROUND = 6;
let selectedOp = -1;

function termColour(t) { return 'hsl(' + ((t * 47) % 360) + ',65%,' + (t ? 82 : 94) + '%)'; }

function contextHtml(i) {
  let s = '';
  for (let j = Math.max(0, i - AROUND); j <= Math.min(N - 1, i + AROUND); j++) {
    const [who, what] = eventLine(j);
    s += tag('li', { class: j === i ? 'now' : '', 'data-i': j }, tag('span', { class: 't' },
      D.t[j]) + tag('span', { class: 'who' }, esc(who)) + esc(what));
  }
  return tag('ol', { class: 'ctx' }, s);
}

function serverRow(x, s) {
  const v = x.srv[s], st = v.st;
  const name = tag('td', { class: 'nm' }, 's' + s);
  if (!st) return tag('tr', {}, name + tag('td', { colspan: 7 }, 'not started'));
  const role = v.up ? tag('span', { class: 'chip r-' + ROLES[st[0]] }, ROLES[st[0]])
    : tag('span', { class: 'chip down' }, 'down');
  const who = (n) => (n < 0 ? '—' : 's' + n);
  const cells = [role, st[1], who(st[2]), who(st[3]), st[4], st[5], st[6] || '—'];
  return tag('tr', { class: v.up ? '' : 'is-down' },
    name + cells.map((c) => tag('td', {}, c)).join(''));
}

function logHtml(x, s) {
  const v = x.srv[s];
  if (!v.st) return '';
  const commit = v.st[4], n = v.terms.length, from = Math.max(0, n - LOG_SHOWN);
  let boxes = '';
  if (v.base > 0) boxes += tag('span', { class: 'e snap', title: 'snapshot through index ' +
    v.base + ' (term ' + v.baseTerm + ')' }, '≤' + v.base);
  if (from > 0) boxes += tag('span', { class: 'more' }, '… ' + from + ' more');
  for (let k = from; k < n; k++) {
    const idx = v.base + 1 + k, t = v.terms[k];
    const cmd = v.cmds[k] >= 0 ? S[v.cmds[k]] : '?';
    boxes += tag('span', { class: 'e' + (idx <= commit ? ' committed' : ''),
      style: 'background:' + termColour(t), title: 'index ' + idx + ', term ' + t +
      (idx <= commit ? ', committed' : '') + ': ' + cmd }, t);
  }
  if (!n && !v.base) boxes += tag('span', { class: 'more' }, 'empty');
  return tag('div', { class: 'log' + (v.up ? '' : ' is-down'), 'data-server': s },
    tag('span', { class: 'nm' }, 's' + s) + boxes);
}

function opsInProgress(i) {
  let s = '';
  overlapping(D.ops, OP_END, 1, 2, i, i, (o, k) => {
    if (o[1] <= i && (o[2] < 0 || o[2] > i)) {
      s += tag('li', { 'data-op': k }, esc(lane(o[0]) + ' ' + S[o[3]] + ' since ' + ms(o[1])));
    }
  });
  return s ? '<h3>client operations in progress</h3>' + tag('ul', { class: 'ops' }, s) : '';
}

function opDetail() {
  if (selectedOp < 0) return '';
  const o = D.ops[selectedOp];
  const done = o[2] >= 0 ? 'returned ' + esc(S[o[4]]) + ' at ' + ms(o[2]) : 'never returned';
  const lin = D.meta.lin && o[5] >= 0 ? tag('button', { id: 'op-lin', 'data-h': o[5] },
    'show op ' + o[5] + ' in the linearizability view') : '';
  return tag('div', { class: 'op-detail' }, tag('b', {}, esc(lane(o[0]) + ' ' + S[o[3]])) +
    '<br>invoked at ' + ms(o[1]) + ', ' + done + (o[5] >= 0 ? ' (history op ' + o[5] + ')' : '')
    + '<br>' + lin);
}

function renderPanel() {
  const i = cursor, p = document.getElementById('panel');
  if (!N) { p.textContent = 'no events'; return; }
  const x = stateAt(i);
  const [who, what] = eventLine(i);
  let s = tag('div', { class: 'pos' }, 'event <b id="pos-i">' + (i + 1) + '</b> of ' + N +
    ' · <b id="pos-t">' + D.t[i] + ' ms</b>' + (i === D.failAt ? ' · <b class="bad">the ' +
    'failure</b>' : ''));
  s += tag('div', { class: 'now', id: 'now' }, tag('span', { class: 'who' }, esc(who)) +
    esc(what));
  s += opDetail() + contextHtml(i);
  let rows = '';
  for (let k = 0; k < NS; k++) rows += serverRow(x, k);
  s += '<h3>servers' + (x.mode ? ' · network ' + esc(x.mode) : '') + '</h3>' +
    tag('table', { class: 'srv' }, '<tr><th></th><th>role</th><th>term</th><th>vote</th>' +
    '<th>leader</th><th>commit</th><th>applied</th><th>snap</th></tr>' + rows);
  let logs = '';
  for (let k = 0; k < NS; k++) logs += logHtml(x, k);
  s += '<h3>logs <small>(term per entry; solid = committed)</small></h3>' + logs;
  p.innerHTML = s + opsInProgress(i);
  const pos = document.getElementById('pos');
  pos.textContent = 'event ' + (i + 1) + ' / ' + N + ' · ' + D.t[i] + ' ms';
}
`;
