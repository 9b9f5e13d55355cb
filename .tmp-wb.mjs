import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(readFileSync('/tmp/studio.log', 'utf8'))[0];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: 'dark' });
p.setDefaultTimeout(60000);
await p.goto(url);
await p.getByTestId('workbench').waitFor();
if (!(await p.getByTestId('templates').isVisible())) await p.getByTestId('activity-templates').click();
await p.getByTestId('template-gradient-leakage').click();
await p.getByTestId('node-local-dlg').waitFor();
await p.getByTestId('run-button').click();
await p.getByTestId('preview-leakage-local-dlg').waitFor(); await p.getByTestId('preview-leakage-nodp').waitFor();

await p.waitForTimeout(1000);
await p.screenshot({ path: '/tmp/wb.png' });
await b.close();
