import { CATEGORIES, FATES, KIND, ROLES } from './data.ts';

/**
 * The page script, part 1 (plain JavaScript in a string: it runs in the browser): the data, the
 * x axis, and what each lane shows (role segments, commit marks, link bands), built once in one
 * pass over the events.
 *
 * The x axis is virtual time in which every event also takes `D.w` ms of room: on the reliable
 * network a message arrives at the instant it is sent, so a pure time axis would stack a whole
 * election on one vertical line. U[i] is event i's position in those units.
 */
export const SCRIPT_MODEL = String.raw`
'use strict';
const D = JSON.parse(document.getElementById('data').textContent);
const K = ${JSON.stringify(KIND)};
const FATES = ${JSON.stringify(FATES)};
const CATS = ${JSON.stringify(CATEGORIES)};
const ROLES = ${JSON.stringify(ROLES)};
const S = D.strs, N = D.t.length, NS = D.servers, NL = D.lanes.length;
const PAD = 80, AXIS_H = 22, NET_H = 24, SRV_H = 56, CLI_H = 30;
const MAX_ARROWS = 2500, MAX_PX = 2e7;

const U = new Float64Array(N + 1);
for (let i = 0; i < N; i++) U[i] = D.t[i] + i * D.w;
U[N] = (N ? U[N - 1] : 0) + 8 * D.w;

/** First index k in [0, n) with f(k) true (f monotone), or n. */
function lowerBound(n, f) {
  let lo = 0, hi = n;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (f(mid)) hi = mid; else lo = mid + 1; }
  return lo;
}

/**
 * Clients share rows when their lives do not overlap (the KV tests start fresh clerks in waves:
 * one row per clerk would make the page dozens of screens tall). LIFE[l] = [first, last] event.
 */
const ROW = new Int32Array(NL), ROW_NAMES = [], LIFE = D.lanes.map(() => [Infinity, -1]);
function packClients() {
  const touch = (l, i) => {
    if (l < NS) return;
    LIFE[l][0] = Math.min(LIFE[l][0], i); LIFE[l][1] = Math.max(LIFE[l][1], i);
  };
  for (const m of D.msgs) { touch(m[0], m[2]); touch(m[1], m[3] < 0 ? N - 1 : m[3]); }
  for (const o of D.ops) { touch(o[0], o[1]); touch(o[0], o[2] < 0 ? N - 1 : o[2]); }
  D.ev.forEach((e, i) => { if (e[0] === K.allow) touch(e[1], i); });
  const ends = [], order = [];
  for (let l = NS; l < NL; l++) order.push(l);
  order.sort((a, b) => LIFE[a][0] - LIFE[b][0] || a - b);
  for (const l of order) {
    let r = ends.findIndex((end) => end < LIFE[l][0]);
    if (r < 0) { r = ends.length; ends.push(-1); ROW_NAMES.push([]); }
    ends[r] = LIFE[l][1]; ROW[l] = r; ROW_NAMES[r].push(D.lanes[l]);
  }
}
packClients();

function rowTop(r) { return AXIS_H + NET_H + NS * SRV_H + r * CLI_H; }
function laneTop(l) { return l < NS ? AXIS_H + NET_H + l * SRV_H : rowTop(ROW[l]); }
function laneMid(l) { return laneTop(l) + (l < NS ? 30 : CLI_H / 2); }
const HEIGHT = rowTop(ROW_NAMES.length) + 8;

const M = {
  roles: D.lanes.map(() => []), marks: D.lanes.map(() => []), bands: D.lanes.map(() => []),
  modes: [], flags: [], prevState: new Int32Array(N).fill(-1),
};

/** Open a new segment in list (closing the last one at i) unless it says the same. */
function segment(list, i, props) {
  const last = list[list.length - 1];
  if (last && last.b < 0) {
    if (Object.keys(props).every((k) => last[k] === props[k])) return;
    last.b = i;
  }
  if (props.text !== '') list.push(Object.assign({ a: i, b: -1 }, props));
}

/** Open segments end with the run; a client's band ends with the client's last event. */
function closeSegments() {
  for (const list of [...M.roles, ...M.bands, M.modes]) {
    for (const s of list) if (s.b < 0) s.b = N;
  }
  for (let l = NS; l < NL; l++) {
    for (const s of M.bands[l]) s.b = Math.min(s.b, LIFE[l][1]);
  }
}

/** Which of its links a server has lost: both ways, or only sending, or only hearing. */
function cutText(s, off) {
  const both = [], out = [], inn = [];
  for (let j = 0; j < NS; j++) {
    if (j === s) continue;
    const o = off.has(s + '>' + j), n = off.has(j + '>' + s);
    if (o && n) both.push('s' + j); else if (o) out.push('s' + j); else if (n) inn.push('s' + j);
  }
  const parts = [];
  if (both.length) parts.push(both.length === NS - 1 ? 'isolated' : 'cut from ' + both.join(','));
  if (out.length) parts.push('cannot send to ' + out.join(','));
  if (inn.length) parts.push('cannot hear from ' + inn.join(','));
  return parts.join('; ');
}

function modeText(e) {
  const parts = [];
  if (!e[1]) parts.push('unreliable');
  if (e[3]) parts.push('long reordering');
  return parts.join(', ');
}

/** A server's band: the servers it cannot reach, and its added latency. */
function rebands(i, off, slow) {
  for (let s = 0; s < NS; s++) {
    segment(M.bands[s], i, { text: [cutText(s, off), slow[s] || ''].filter((x) => x)
      .join('; ') });
  }
}

function buildNet(i, e, off, slow) {
  const ch = e[2];
  for (let k = 0; k < ch.length; k += 3) {
    const key = ch[k] + '>' + ch[k + 1];
    if (ch[k + 2]) off.delete(key); else off.add(key);
  }
  rebands(i, off, slow);
  M.flags.push(i);
}

function buildState(i, l, st, last) {
  const p = last[l];
  const changed = !p || p[0] !== st[0] || p[1] !== st[1];
  if (changed) segment(M.roles[l], i, { role: st[0], term: st[1], text: ROLES[st[0]] });
  if (!p || p[4] !== st[4] || p[5] !== st[5]) M.marks[l].push([i, st[4], st[5]]);
  last[l] = st;
}

function buildModel() {
  const off = new Set(), slow = {}, last = [], prev = [];
  for (let i = 0; i < N; i++) {
    const e = D.ev[i];
    switch (e[0]) {
      case K.start: buildState(i, e[1], e.slice(3, 12), last); break;
      case K.crash:
        segment(M.roles[e[1]], i, { role: -1, term: 0, text: 'down' }); last[e[1]] = null;
        break;
      case K.state: buildState(i, e[1], e.slice(2, 11), last); break;
      case K.net: buildNet(i, e, off, slow); break;
      case K.slow:
        slow[e[1]] = e[2] ? 'slowed +' + e[2] + ' ms' : ''; rebands(i, off, slow); break;
      case K.allow:
        segment(M.bands[e[1]], i, { text: e[2] ? 'may call only ' +
          e[2].map((s) => 's' + s).join(', ') : '' }); break;
      case K.mode: segment(M.modes, i, { text: modeText(e) }); break;
      case K.note: M.flags.push(i); break;
    }
    if (e[0] === K.start || e[0] === K.state) {
      M.prevState[i] = prev[e[1]] === undefined ? -1 : prev[e[1]];
      prev[e[1]] = i;
    }
  }
  closeSegments();
}

/** Messages and ops are in order of their first event; endMax[k] = max end over 0..k. */
function endMaxOf(list, a, b) {
  const out = new Int32Array(list.length);
  let m = -1;
  list.forEach((x, k) => { m = Math.max(m, x[a], x[b] < 0 ? N : x[b]); out[k] = m; });
  return out;
}

buildModel();
const MSG_END = endMaxOf(D.msgs, 2, 3);
const OP_END = endMaxOf(D.ops, 1, 2);

/** Items of list (starting at x[a], ending at x[b], -1: never) that overlap events [i0, i1]. */
function overlapping(list, endMax, a, b, i0, i1, each) {
  for (let k = lowerBound(list.length, (j) => endMax[j] >= i0); k < list.length; k++) {
    const x = list[k];
    if (x[a] > i1) break;
    if ((x[b] < 0 ? N : Math.max(x[a], x[b])) >= i0) each(x, k);
  }
}
`;
