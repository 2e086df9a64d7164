/** The page's CSS; colours match the legend in docs/checker.md. */
export const STYLE = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 8px 12px; border-bottom: 1px solid #ccc; display: flex; gap: 12px;
  align-items: center; flex-wrap: wrap; position: sticky; top: 0; background: #fff; z-index: 2; }
header h1 { font-size: 15px; margin: 0; }
.verdict-ok { color: #1a7f37; }
.verdict-illegal { color: #c62828; }
.verdict-unknown { color: #8a6d00; }
.legend span { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px; }
.swatch { width: 14px; height: 10px; display: inline-block; border: 1px solid #666; }
#view { overflow: auto; height: calc(100vh - 56px); }
svg text { font-size: 11px; pointer-events: none; }
.lane-label { fill: #555; }
.lane { stroke: #eee; }
.op { fill: #e3e7ee; stroke: #8a94a6; }
.op.lin { fill: #d7ecd9; stroke: #4c8c57; }
.op.stuck { fill: #f8d4d4; stroke: #c62828; }
.op.pending { stroke-dasharray: 4 3; }
.op.minimal { stroke: #e07b00; stroke-width: 2.5; }
.op.focus, .illegal.focus { stroke: #000; stroke-width: 3; }
.lin-line { fill: none; stroke: #2f6fd6; stroke-width: 1.2; }
.lin-pt { fill: #2f6fd6; }
.illegal { stroke: #c62828; stroke-width: 2.5; fill: none; }
.part-ok .lin-line, .part-unknown .lin-line { stroke-opacity: 0.45; }
#tip { position: fixed; display: none; max-width: 520px; background: #fffbe6;
  border: 1px solid #b8a24a; padding: 6px 8px; font: 12px/1.4 ui-monospace, monospace;
  white-space: pre-wrap; z-index: 3;
  box-shadow: 0 2px 6px rgba(0,0,0,.2); }
button { font: inherit; }
`;
