/** Exporting a pipeline as a standalone TypeScript script. */
export { exportScript, topologicalOrder, SCRIPT_SUMMARY_PREFIX, type ExportOptions } from './exportScript.js';
export { nodeIdentifier, isSafeIdentifier } from './identifiers.js';
export { htmlReport, pipelineSvg, lineChartSvg, heatmapSvg, resolvedParams, type HtmlReportExtras, type ChartSeries } from './htmlReport.js';
export { markdownHtml, escapeHtml } from './reportMarkdown.js';
export { defenceTable, defenceOf, attackName, type DefenceTable, type DefenceRow, type Defence, type AttackerGroup } from './defenceTable.js';
