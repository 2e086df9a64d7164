/**
 * The page script, part 2: the cluster's state after any event (each server's status and log,
 * the links, the network mode), rebuilt by replaying events from the nearest checkpoint (one
 * every CK events, made on demand), and one line of text per event.
 */
export const SCRIPT_STATE = String.raw`
const CK = 1000;
const checkpoints = [];
let current = null;

function freshState() {
  const srv = [];
  for (let s = 0; s < NS; s++) {
    srv.push({ up: false, inc: 0, st: null, base: 0, baseTerm: 0, terms: [], cmds: [] });
  }
  return { i: -1, srv, off: new Set(), mode: '', slow: {}, allow: {} };
}

function copyState(x) {
  return { i: x.i, srv: x.srv.map((v) => Object.assign({}, v, { terms: v.terms.slice(),
    cmds: v.cmds.slice() })), off: new Set(x.off), mode: x.mode,
  slow: Object.assign({}, x.slow), allow: Object.assign({}, x.allow) };
}

/** A Ready's log writes, then the snapshot point and the end from its status (as recorded). */
function applyLog(v, writes) {
  for (const [from, en] of writes) {
    const keep = from - v.base - 1;
    while (v.terms.length < keep) { v.terms.push(-1); v.cmds.push(-1); }
    v.terms.length = keep; v.cmds.length = keep;
    for (let k = 0; k < en.length; k += 2) { v.terms.push(en[k]); v.cmds.push(en[k + 1]); }
  }
  const st = v.st;
  if (st[6] !== v.base) {
    const drop = Math.max(0, Math.min(st[6] - v.base, v.terms.length));
    v.terms.splice(0, drop); v.cmds.splice(0, drop);
    v.base = st[6]; v.baseTerm = st[7];
  }
  const len = Math.max(0, st[8] - v.base);
  if (v.terms.length > len) { v.terms.length = len; v.cmds.length = len; }
}

function startServer(x, e) {
  const v = x.srv[e[1]];
  v.up = true; v.inc = e[2]; v.st = e.slice(3, 12);
  v.base = e[13]; v.baseTerm = e[14]; v.terms = []; v.cmds = [];
  const en = e[12];
  for (let k = 0; k < en.length; k += 2) { v.terms.push(en[k]); v.cmds.push(en[k + 1]); }
}

function applyEvent(x, i) {
  const e = D.ev[i];
  switch (e[0]) {
    case K.start: startServer(x, e); break;
    case K.crash: x.srv[e[1]].up = false; break;
    case K.state: x.srv[e[1]].st = e.slice(2, 11); applyLog(x.srv[e[1]], e[11]); break;
    case K.net:
      for (let k = 0; k < e[2].length; k += 3) {
        const key = e[2][k] + '>' + e[2][k + 1];
        if (e[2][k + 2]) x.off.delete(key); else x.off.add(key);
      }
      break;
    case K.slow: x.slow[e[1]] = e[2]; break;
    case K.allow: x.allow[e[1]] = e[2]; break;
    case K.mode: x.mode = modeText(e) || 'reliable'; break;
  }
  x.i = i;
}

/** The state after event k * CK - 1; checkpoints are made in order, each from the last. */
function checkpoint(k) {
  if (!checkpoints.length) checkpoints.push(freshState());
  if (k < checkpoints.length) return checkpoints[k];
  const x = copyState(checkpoints[checkpoints.length - 1]);
  for (let m = checkpoints.length; m <= k; m++) {
    while (x.i < m * CK - 1) applyEvent(x, x.i + 1);
    checkpoints.push(copyState(x));
  }
  return checkpoints[k];
}

/** The state after event i (i = -1: before the run). */
function stateAt(i) {
  if (current === null || current.i > i || i - current.i > CK) {
    current = copyState(checkpoint(Math.floor((i + 1) / CK)));
  }
  while (current.i < i) applyEvent(current, current.i + 1);
  return current;
}

const FATE_TEXT = {
  'in flight': 'still in flight when the run ended', delivered: 'delivered',
  lost: 'lost by the network', unreachable: 'unreachable: link down or server crashed',
  dead: 'the server died before it arrived', cut: 'reply lost: server cut off or crashed',
  dropped: 'dropped: the caller restarted', abandoned: 'no reply: server cut off while handling',
};

function lane(l) { return D.lanes[l]; }
function ms(i) { return D.t[i] + ' ms'; }

function messageLine(e) {
  const m = D.msgs[e[1]];
  const fate = FATES[m[4]];
  switch (e[0]) {
    case K.send: {
      const travels = fate === 'delivered' || fate === 'in flight' || fate === 'dead' ||
        fate === 'dropped';
      return [lane(m[0]), 'sends ' + S[m[6]] + (travels && m[10] ? ' (takes ' + m[10] + ' ms)'
        : '') + (fate === 'delivered' ? '' : ' [' + fate + ']')];
    }
    case K.recv: return [lane(m[1]), 'receives ' + S[m[6]] + ' (sent at ' + ms(m[2]) + ')'];
    case K.drop:
      return [lane(fate === 'dead' || fate === 'dropped' ? m[1] : m[0]),
        S[m[6]] + ': ' + FATE_TEXT[fate]];
    default: return [lane(m[0]), 'is told its call to ' + lane(m[1]) + ' failed: ' + S[m[6]]];
  }
}

function stateChange(i, e) {
  const p = M.prevState[i] < 0 ? null : D.ev[M.prevState[i]];
  const st = e.slice(2, 11), ps = p ? (p[0] === K.start ? p.slice(3, 12) : p.slice(2, 11)) : null;
  const out = [];
  if (!ps || ps[0] !== st[0] || ps[1] !== st[1]) out.push(ROLES[st[0]] + ' in term ' + st[1]);
  if (ps && ps[2] !== st[2] && st[2] >= 0) out.push('votes for s' + st[2]);
  if (ps && ps[3] !== st[3] && st[3] >= 0 && st[3] !== e[1]) out.push('leader s' + st[3]);
  for (const [from, en] of e[11]) {
    const terms = [];
    for (let k = 0; k < en.length; k += 2) terms.push('t' + en[k]);
    out.push(en.length ? 'writes ' + from + '..' + (from + en.length / 2 - 1) + ' (' +
      (terms.length > 6 ? terms.slice(0, 6).join(' ') + ' …' : terms.join(' ')) + ')'
      : 'truncates from ' + from);
  }
  if (!ps || ps[6] !== st[6]) { if (st[6] > 0) out.push('snapshot through ' + st[6]); }
  if (!ps || ps[4] !== st[4]) out.push('commit ' + st[4]);
  if (!ps || ps[5] !== st[5]) out.push('applied ' + st[5]);
  return out.join(' · ') || 'log through ' + st[8];
}

function netLine(e) {
  const ch = e[2];
  let cut = 0, restored = 0;
  for (let k = 0; k < ch.length; k += 3) { if (ch[k + 2]) restored++; else cut++; }
  const what = (cut ? cut + ' link' + (cut > 1 ? 's' : '') + ' cut' : '') +
    (cut && restored ? ', ' : '') + (restored ? restored + ' restored' : '');
  return S[e[1]] + (what ? ' (' + what + ')' : '');
}

/** [who, what] of event i, like a line of the text trace. */
function eventLine(i) {
  const e = D.ev[i];
  switch (e[0]) {
    case K.send: case K.recv: case K.drop: case K.fail: return messageLine(e);
    case K.start: return [lane(e[1]), 'starts (incarnation ' + e[2] + '): term ' + e[4] +
      ', log through ' + e[11] + (e[9] ? ', snapshot through ' + e[9] : '')];
    case K.crash: return [lane(e[1]), 'crashes'];
    case K.state: return [lane(e[1]), stateChange(i, e)];
    case K.net: return ['net', netLine(e)];
    case K.slow: return [lane(e[1]), e[2] ? 'slowed: +' + e[2] + ' ms per request' : 'not slow'];
    case K.allow: return [lane(e[1]), e[2] ? 'may call only ' + e[2].map((s) => 's' + s)
      .join(', ') : 'may call every server'];
    case K.mode: return ['net', 'network ' + (modeText(e) || 'reliable')];
    case K.invoke: { const o = D.ops[e[1]]; return [lane(o[0]), 'invokes ' + S[o[3]]]; }
    case K.return: {
      const o = D.ops[e[1]];
      return [lane(o[0]), S[o[3]] + ' returns ' + S[o[4]]];
    }
    case K.note: return [S[e[1]], S[e[2]]];
    default: {
      const f = D.meta.failure;
      return ['sim', f ? 'the run ends: ' + f.kind + ' check \'' + f.check + '\' failed: ' +
        f.message : 'the run passed'];
    }
  }
}
`;
