// check_report.js REPORT.html FIGURES OUTDIR - open mipricing's HTML report in
// headless Chromium (Debian's /usr/bin/chromium unless CHROMIUM says
// otherwise) and print TAP:
//   1 it loads without a console error or warning, a page error or a failed
//     request, and asks for nothing but itself (self-contained);
//   2 it holds FIGURES charts;
//   3 each chart is laid out at a readable size; its screenshot is saved as
//     OUTDIR/figN.png for tests/report_html.sh to check that it is not blank;
//   4 a screenshot of the whole page is saved as OUTDIR/page.png.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [report, figures, outdir] = process.argv.slice(2);
const url = 'file://' + path.resolve(report);
let n = 0;
function tap(ok, what, notes) {
    n++;
    console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}`);
    for (const l of notes || []) console.log('# ' + l);
}

(async () => {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        const problems = [];
        page.on('console', (m) => {
            if (m.type() === 'error' || m.type() === 'warning')
                problems.push(`console ${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e}`));
        page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
        page.on('request', (r) => {
            if (r.url() !== url) problems.push(`asks for ${r.url()}`);
        });
        const res = await page.goto(url, { waitUntil: 'load' });
        if (!res || !res.ok()) problems.push('the page did not load');
        tap(problems.length === 0, 'loads alone, with no error or warning', problems);

        const figs = await page.$$('figure svg');
        tap(figs.length === Number(figures), `holds ${figures} charts`,
            [`found ${figs.length}`]);

        const small = [];
        let i = 0;
        for (const f of figs) {
            i++;
            const box = await f.boundingBox();
            if (!box || box.width < 400 || box.height < 250)
                small.push(`chart ${i}: ${JSON.stringify(box)}`);
            await f.screenshot({ path: path.join(outdir, `fig${i}.png`) });
        }
        tap(small.length === 0 && figs.length > 0, 'every chart laid out at a readable size',
            small);
        await page.screenshot({ path: path.join(outdir, 'page.png'), fullPage: true });
        tap(true, 'the whole page captured');
    } finally {
        await browser.close();
    }
})().catch((e) => {
    console.log(`not ok ${n + 1} - the browser ran: ${String(e).split('\n')[0]}`);
    process.exitCode = 1;
});
