/** The timeline page's CSS. Role colours: follower grey, candidate amber, leader green. */
export const STYLE = `
* { box-sizing: border-box; }
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 6px 12px; border-bottom: 1px solid #ccc; background: #fafbfc; }
header h1 { font-size: 16px; margin: 0 0 2px; }
.pass { color: #1a7f37; } .fail { color: #c62828; }
.sub { color: #555; } .src { color: #888; }
.cmd code { background: #eef1f5; padding: 1px 5px; border-radius: 3px; user-select: all; }
#failure { margin: 4px 0; padding: 4px 8px; background: #fdecea; border-left: 4px solid #c62828; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 4px; }
.toolbar .sep { width: 1px; height: 18px; background: #ccc; }
.filters label { margin-right: 6px; white-space: nowrap; }
#pos { font-variant-numeric: tabular-nums; min-width: 150px; }
.legend { color: #555; font-size: 12px; margin-top: 3px; }
.legend span { margin-right: 12px; white-space: nowrap; }
.sw { display: inline-block; width: 14px; height: 9px; margin-right: 3px; border: 1px solid #888; }
button { font: inherit; }
#tip { position: fixed; z-index: 3; max-width: 400px; background: #fffbe6; padding: 4px 7px;
  border: 1px solid #b8a24a; font: 11px/1.4 ui-monospace, monospace; white-space: pre-wrap;
  pointer-events: none; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
#main { display: flex; align-items: flex-start; }
#left { flex: 1; min-width: 0; }
#mini { display: block; width: 100%; height: 24px; cursor: pointer; border-bottom: 1px solid #ddd; }
#notice { background: #fff4d6; padding: 2px 8px; font-size: 12px; }
#scroller { position: relative; overflow-x: auto; overflow-y: hidden; }
#spacer { height: 1px; }
#svg { position: absolute; top: 0; left: 0; }
#panel { width: 420px; flex: none; border-left: 1px solid #ccc; padding: 6px 10px;
  max-height: calc(100vh - 10px); overflow: auto; position: sticky; top: 0; font-size: 12px; }
#panel h3 { font-size: 12px; margin: 8px 0 3px; color: #444; }
.pos .bad { color: #c62828; }
.now { padding: 4px 6px; background: #eef4ff; border-radius: 3px; margin: 4px 0; }
.who { font-weight: 600; margin-right: 6px; }
ol.ctx { list-style: none; padding: 0; margin: 4px 0; font: 11px/1.35 ui-monospace, monospace; }
ol.ctx li { cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
ol.ctx li.now { background: #ffe9a8; }
ol.ctx .t { display: inline-block; width: 52px; text-align: right; margin-right: 6px;
  color: #777; }
table.srv { border-collapse: collapse; }
table.srv td, table.srv th { padding: 1px 6px; text-align: right; }
table.srv .nm, .log .nm { font-weight: 600; }
.is-down { opacity: .55; }
.chip { padding: 0 5px; border-radius: 3px; }
.log { margin: 2px 0; white-space: nowrap; overflow: hidden; }
.log .nm { display: inline-block; width: 22px; }
.log .e { display: inline-block; min-width: 17px; padding: 0 2px; margin-right: 1px;
  text-align: center; border: 1px dashed #889; font-size: 11px; }
.log .e.committed { border: 1px solid #333; font-weight: 600; }
.log .e.snap { background: #ddd; border: 1px solid #999; }
.log .more { color: #888; margin: 0 4px; }
ul.ops { margin: 2px 0; padding-left: 16px; }
ul.ops li { cursor: pointer; }
.op-detail { padding: 4px 6px; border: 1px solid #9bc; background: #f3f9fb; margin: 4px 0; }
svg text { font-size: 11px; pointer-events: none; }
.band, .lane-name { pointer-events: auto; }
.axis-bg { fill: #fff; } .tick { stroke: #eee; } .tick-label { fill: #666; }
.net-bg { fill: #f6f6f6; } .mode { fill: #fde3c2; } .mode-label { fill: #8a4b00; }
.net-mark { fill: #7a4fb5; cursor: pointer; } .note-mark { fill: #888; cursor: pointer; }
.lane-bg { fill: #fff; } .lane-bg.odd { fill: #fafbfd; }
.lane-line { stroke: #e3e6ea; }
.band { fill: #f6c6c6; fill-opacity: .55; } .band.allow { fill: #d7e4f5; }
.band-label { fill: #a33; font-size: 10px; }
.role { stroke: none; cursor: pointer; }
.r-follower { fill: #cfd6e0; background: #cfd6e0; }
.r-candidate { fill: #f1b44c; background: #f1b44c; }
.r-leader { fill: #3a9d5d; background: #3a9d5d; color: #fff; }
.down { fill: #555; background: #555; color: #fff; }
.role-label { fill: #222; } .r-leader + .role-label { fill: #fff; }
.mark { stroke: #333; } .mark-label { fill: #333; font-size: 10px; }
.label-bg { fill: #fff; fill-opacity: .92; }
.lane-name { font-weight: 600; font-size: 12px; fill: #222; pointer-events: auto;
  cursor: pointer; }
.lane-name.small { font-weight: 400; fill: #777; }
.lane-name.client { font-size: 10.5px; }
.flag-label { fill: #555; font-size: 10px; }
.lane-name.focus { fill: #1f5fbf; text-decoration: underline; }
.op { fill: #e3e7ee; stroke: #8a94a6; cursor: pointer; }
.op.pending { stroke-dasharray: 4 3; fill: #fff; }
.op.blamed { fill: #f8d4d4; stroke: #c62828; }
.m { fill: none; stroke-width: 1.3; cursor: pointer; }
.m.reply { stroke-dasharray: 5 2; }
.m.dup { stroke-width: 2.6; stroke-opacity: .5; }
.m.f-in-flight { stroke-dasharray: 2 3; }
.m.c-vote { stroke: #7a4fb5; } .m.c-append { stroke: #1f5fbf; }
.m.c-heartbeat { stroke: #9aa7b8; } .m.c-snapshot { stroke: #d2691e; }
.m.c-client { stroke: #138a8a; } .m.c-other { stroke: #666; }
.m.cur { stroke-width: 3.2; stroke: #000; }
.x-mark { stroke: #c62828; stroke-width: 2; fill: none; cursor: pointer; }
.x-mark.cur { stroke-width: 3.5; }
.xm { color: #c62828; }
.cursor { stroke: #000; stroke-width: 1.5; }
.fail-line { stroke: #c62828; stroke-width: 2; stroke-dasharray: 6 3; }
label.c-vote { color: #7a4fb5; } label.c-append { color: #1f5fbf; }
label.c-heartbeat { color: #6d7a8c; } label.c-snapshot { color: #d2691e; }
label.c-client { color: #138a8a; }
#lin-panel { border-top: 2px solid #888; }
.lin-head { padding: 4px 12px; background: #f3f3f3; }
#lin-frame { width: 100%; height: 70vh; border: 0; }
`;
