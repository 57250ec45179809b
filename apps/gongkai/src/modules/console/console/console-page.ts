/** The one HTML page of the console; everything else is the script and the API. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>公共资源交易全流程公开 · 监管控制台</title>
<link rel="stylesheet" href="/console/app.css">
</head>
<body>
<div id="app"><noscript>本控制台需要启用 JavaScript。This console needs JavaScript.</noscript></div>
<script src="/console/app.js" defer></script>
</body>
</html>
`;

export const CONSOLE_CSS = `
:root { font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; color: #1a1a1a; }
body { margin: 0; background: #f6f7f9; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #8b0000; color: #fff; flex-wrap: wrap; }
header .brand { font-weight: 600; flex: 1; }
header button { background: #fff; color: #8b0000; border: 0; padding: .3rem .7rem; border-radius: 3px; cursor: pointer; }
.skip { position: absolute; left: -999px; color: #fff; }
.skip:focus { left: 1rem; top: .2rem; position: static; }
nav ul { display: flex; flex-wrap: wrap; gap: .2rem; list-style: none; margin: 0; padding: .4rem 1rem; background: #fff; border-bottom: 1px solid #ddd; }
nav a { padding: .3rem .7rem; color: #333; text-decoration: none; border-radius: 3px; }
nav a[aria-current="page"] { background: #8b0000; color: #fff; }
main { padding: 1rem 1.5rem; max-width: 1200px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
a:focus, button:focus, input:focus, select:focus, summary:focus, h1:focus { outline: 3px solid #1565c0; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .9rem; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
th button.sort { background: none; border: 0; font: inherit; font-weight: 600; cursor: pointer; padding: 0; }
form.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-end; background: #fff; padding: .8rem; border: 1px solid #ddd; }
.field { display: flex; flex-direction: column; gap: .2rem; }
.field label { font-size: .85rem; color: #444; }
input, select, button { font: inherit; padding: .3rem .5rem; }
form button, .actions button { background: #8b0000; color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
button[disabled] { opacity: .5; cursor: default; }
.actions { display: flex; gap: .5rem; margin: .5rem 0; align-items: center; }
.kpis { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.kpi { background: #fff; border: 1px solid #ddd; border-left: 6px solid #777; padding: .6rem 1rem; min-width: 9rem; display: flex; flex-direction: column; }
.kpi strong { font-size: 1.8rem; }
.kpi.onTime { border-left-color: #2e7d32; } .kpi.late { border-left-color: #ef6c00; } .kpi.missing { border-left-color: #c62828; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; background: #eee; font-size: .8rem; }
.badge.cardinal { background: #e3f2fd; } .badge.late { background: #ffe0b2; } .badge.missing { background: #ffcdd2; } .badge.onTime, .badge.good { background: #c8e6c9; }
.error, .bad { color: #b71c1c; } .good { color: #1b5e20; } .skipped { color: #666; }
.hint { color: #555; font-size: .85rem; }
code.evidence { font-size: .75rem; word-break: break-all; }
pre.document { background: #fff; border: 1px solid #ddd; padding: .5rem; max-height: 24rem; overflow: auto; font-size: .8rem; }
details { background: #fff; border: 1px solid #ddd; margin: .3rem 0; padding: .3rem .6rem; }
`;
