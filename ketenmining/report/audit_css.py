"""The style sheet of the HTML audit report: screen and A4 print, no external fonts or files.

``{header}``, ``{confidential}``, ``{footer}``, ``{page}`` and ``{of}`` are
filled in per report (CSS strings in the page margin boxes).
"""

CSS = """
@page { size: A4; margin: 20mm 16mm 18mm 16mm;
  @top-left { content: "{header}"; font: 8pt/1.2 var(--sans); color: #555; }
  @top-right { content: "{confidential}"; font: bold 8pt/1.2 var(--sans); color: #9b1c1c;
    letter-spacing: .08em; }
  @bottom-left { content: "{footer}"; font: 7pt/1.2 var(--sans); color: #666; }
  @bottom-right { content: "{page} " counter(page) " {of} " counter(pages);
    font: 8pt/1.2 var(--sans); color: #555; }
}
/* the real chain map is wider than high: a landscape page keeps its labels readable */
@page wide { size: A4 landscape; }
:root { --sans: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  --mono: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace;
  --major: #9b1c1c; --minor: #b45309; --observation: #1d4ed8; --ofi: #15803d;
  --line: #cfd4da; --soft: #f3f5f7; --ink: #1b1f24; }
* { box-sizing: border-box; }
html { font: 10pt/1.45 var(--sans); color: var(--ink); -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 6mm 14mm; background: #fff; }
h1 { font-size: 22pt; line-height: 1.15; margin: 4mm 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; padding-bottom: 1.5mm; border-bottom: 2px solid var(--ink);
  break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
h4 { font-size: 10pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2.5mm; orphans: 3; widows: 3; }
code, .mono { font-family: var(--mono); font-size: 8.5pt; }
.newpage { break-before: page; }
.banner { border: 1.5px solid var(--major); color: var(--major); padding: 2mm 3mm; font-weight: 600;
  font-size: 9pt; margin: 0 0 5mm; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 9pt; color: #555;
  margin-top: 6mm; }
.subtitle { font-size: 12pt; color: #333; margin: 0 0 5mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; font-size: 8.8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 1px solid var(--line); padding: 1.2mm 1.6mm; text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; border-bottom: 1.5px solid #9aa3ad; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { width: 34%; background: none; border-bottom: 1px solid var(--line); font-weight: 600; }
table.facts { font-size: 9.5pt; }
.verdict { border-left: 5px solid var(--ok, #15803d); background: var(--soft); padding: 3mm 4mm;
  margin: 4mm 0; break-inside: avoid; }
.verdict.not_met { border-color: var(--major); }
.verdict.met_with_minors { border-color: var(--minor); }
.verdict p { margin: 0; }
.badge { display: inline-block; padding: .3mm 1.6mm; border-radius: 1mm; font-size: 8pt;
  font-weight: 700; color: #fff; white-space: nowrap; }
.badge.major { background: var(--major); } .badge.minor { background: var(--minor); }
.badge.observation { background: var(--observation); } .badge.ofi { background: var(--ofi); }
table.summary { table-layout: fixed; }
table.summary .crit { font-weight: 600; font-size: 8pt; overflow-wrap: anywhere; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--line); padding: 3mm 4mm 2mm;
  margin: 0 0 4mm; }
.finding h3, .finding dt { break-after: avoid; }
.finding .fhead { break-inside: avoid; page-break-inside: avoid; }
.finding .fhead dl.statement { margin-bottom: 0; }
.badge.provisional { background: #b45309; }
.verdict.provisional { border-style: dashed; }
ol.messages li { margin: 0 0 1.2mm; }
table.status caption { text-align: left; font-weight: 700; font-size: 10pt; margin: 3mm 0 1mm; }
table.owners td:first-child { font-weight: 600; white-space: nowrap; }
.sigpage { break-before: page; break-inside: avoid; }
dl.glossary dt { font-weight: 700; } dl.glossary dd { margin: 0 0 2mm 0; }
.notes { font-size: 8.6pt; color: #7c2d12; margin: 1mm 0 2mm; }
.finding.major { border-left-color: var(--major); } .finding.minor { border-left-color: var(--minor); }
.finding.observation { border-left-color: var(--observation); }
.finding.ofi { border-left-color: var(--ofi); }
.finding h3 { margin: 1.5mm 0 2mm; }
.finding .fid { font-weight: 700; margin-right: 1.5mm; }
dl.statement { display: grid; grid-template-columns: 30mm 1fr; gap: 1.2mm 3mm; margin: 0 0 2mm; }
dl.statement dt { font-weight: 700; }
dl.statement dd { margin: 0; }
.meta { display: grid; grid-template-columns: 30mm 1fr; gap: .8mm 3mm; font-size: 8.8pt;
  color: #333; margin: 1mm 0; }
.meta .k { font-weight: 600; }
.ids { font-family: var(--mono); font-size: 7.5pt; line-height: 1.35; word-break: break-all; }
.trend { margin: 1mm 0 1mm; }
.trend svg { max-width: 100%; height: auto; }
.bad { color: var(--major); font-weight: 600; }
.muted { color: #666; }
.maps { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; align-items: start; }
.maps figure { margin: 0; border: 1px solid var(--line); padding: 2mm; break-inside: avoid;
  box-sizing: border-box; min-width: 0; }
.maps figcaption { font-weight: 700; margin-bottom: 2mm; }
.maps svg { width: 100%; height: auto; max-height: 235mm; display: block; }
.placeholder { border: 1px dashed #9aa3ad; padding: 20mm 4mm; text-align: center; color: #666; }
table.sample { font-size: 7.6pt; table-layout: fixed; }
table.sample td, table.sample th { padding: .4mm 1.2mm; line-height: 1.25; }
table.summary th.num { white-space: normal; }
table.sample span.id { font-family: var(--mono); font-size: 6.6pt; }
table.sample .muted { font-size: 7pt; overflow-wrap: anywhere; }
td.nowrap, span.nowrap { white-space: nowrap; }
.signature td, .signature th { height: 11mm; vertical-align: bottom; }
.signature th { width: 34%; }
.formula { font-family: var(--mono); font-size: 8.5pt; background: var(--soft); padding: 2mm 3mm;
  margin: 1mm 0 3mm; }
@media screen {
  html { background: #e9ecef; }
  body { box-shadow: 0 0 6px rgba(0,0,0,.15); margin: 6mm auto; padding: 12mm 14mm; }
  /* on screen the two maps stand side by side, wider than the page */
  .maps { width: min(94vw, 440mm); margin-left: calc(50% - min(47vw, 220mm)); background: #fff;
    padding: 3mm; box-shadow: 0 0 6px rgba(0,0,0,.15); }
}
table.sources { font-size: 8pt; }
table.sources td:nth-child(3) { overflow-wrap: anywhere; }
.tile { margin: 0; break-before: page; break-inside: avoid; }
.tile figcaption { font-weight: 700; margin-bottom: 2mm; }
.tile svg { display: block; max-width: none; }
.tile.landscape { page: wide; }
.print-only .tile:first-child { break-before: auto; }
@media screen { .print-only { display: none; } }
@media print {
  .screen-only { display: none; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  /* on A4 each map gets a page of its own, so that its labels stay readable */
  .maps { grid-template-columns: 1fr; }
  .maps figure + figure { break-before: page; page: wide; }
  .maps figure + figure svg { max-height: 160mm; }
}
"""
