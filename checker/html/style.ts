/**
 * The page's CSS; colours match the legend in docs/checker.md. The page is a column: header,
 * explanation, and the view, which scrolls both ways; inside it the time axis sticks to the top
 * and the client names to the left.
 */
export const STYLE = `
html, body { height: 100%; }
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #222; display: flex;
  flex-direction: column; }
header { padding: 6px 12px; border-bottom: 1px solid #ccc; display: flex; gap: 6px 14px;
  align-items: center; flex-wrap: wrap; }
header h1 { font-size: 15px; margin: 0; }
.verdict-ok { color: #1a7f37; }
.verdict-illegal { color: #c62828; }
.verdict-unknown { color: #8a6d00; }
.legend { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 12px; color: #444; }
.legend span { display: inline-flex; align-items: center; gap: 4px; }
.swatch { width: 14px; height: 10px; display: inline-block; border: 1px solid #8a94a6;
  background: #e3e7ee; }
.swatch.lin { background: #d7ecd9; border-color: #4c8c57; }
.swatch.stuck { background: #f8d4d4; border-color: #c62828; }
.swatch.pending { background: #fff; border-style: dashed; }
.swatch.minimal { background: #fff; border: 2px solid #e07b00; }
.key-point { color: #2f6fd6; } .key-illegal { color: #c62828; } .key-dead-end { color: #b26a00; }
#explain { border-bottom: 1px solid #ccc; padding: 4px 12px; max-height: 30vh; overflow: auto;
  flex: none; }
#explain summary { cursor: pointer; color: #444; }
#report { margin: 4px 0; font: 12px/1.45 ui-monospace, monospace; white-space: pre; }
#report .ref { cursor: pointer; }
#report .ref:hover { background: #eef3fc; }
#report .ref.focus { background: #fff1c2; }
#view { overflow: auto; flex: 1; min-height: 0; position: relative; }
#grid { display: grid; grid-template-columns: 96px max-content;
  grid-template-rows: 28px max-content; width: max-content; }
#corner { position: sticky; left: 0; top: 0; z-index: 3; background: #fafafa; font-size: 11px;
  color: #555; padding: 6px 8px; border-right: 1px solid #ccc; border-bottom: 1px solid #ccc;
  box-sizing: border-box; }
#axis { position: sticky; top: 0; z-index: 2; background: #fafafa;
  border-bottom: 1px solid #ccc; }
#lanes { position: sticky; left: 0; z-index: 2; background: #fafafa;
  border-right: 1px solid #ccc; }
svg { display: block; }
svg text { font-size: 11px; pointer-events: none; }
.tick { stroke: #888; }
.tick-label { fill: #555; }
.grid { stroke: #f0f0f0; }
.lane-label { fill: #333; font-weight: 600; }
.lane { stroke: #eee; }
.lbl { font-family: monospace; fill: #222; }
.lbl.res { fill: #555; }
.op { fill: #e3e7ee; stroke: #8a94a6; }
.op.lin { fill: #d7ecd9; stroke: #4c8c57; }
.op.stuck { fill: #f8d4d4; stroke: #c62828; }
.op.pending { stroke-dasharray: 4 3; }
.op.minimal { stroke: #e07b00; stroke-width: 2.5; }
.box.dim { opacity: 0.25; }
.box.focus .op, .mark.focus { stroke: #000; stroke-width: 3; }
.lin-line { fill: none; stroke-width: 1.3; }
.part-ok .lin-line, .part-unknown .lin-line { stroke-opacity: 0.5; }
.part.hot .lin-line { stroke-width: 3; stroke-opacity: 1; }
.part.hidden { display: none; }
.c0 { stroke: #2f6fd6; fill: #2f6fd6; } .c1 { stroke: #8e44ad; fill: #8e44ad; }
.c2 { stroke: #0f8a96; fill: #0f8a96; } .c3 { stroke: #b5651d; fill: #b5651d; }
.c4 { stroke: #2e7d32; fill: #2e7d32; } .c5 { stroke: #c2185b; fill: #c2185b; }
.c6 { stroke: #455a9c; fill: #455a9c; } .c7 { stroke: #7a7a00; fill: #7a7a00; }
.lin-pt { stroke: none; }
.mark.illegal { stroke: #c62828; stroke-width: 2.5; fill: none; }
.mark.dead-end { stroke: #b26a00; stroke-width: 1.8; fill: #fff; }
#tip { position: fixed; display: none; max-width: 520px; background: #fffbe6;
  border: 1px solid #b8a24a; padding: 6px 8px; font: 12px/1.4 ui-monospace, monospace;
  white-space: pre-wrap; z-index: 5; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
button { font: inherit; }
`;
