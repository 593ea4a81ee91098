// usage: NODE_PATH=DIR/node_modules node innertext.js OUTDIR FILE...
// Writes each page's text as a browser renders it for a reader who copies it
// (document.body.innerText, scripts off, nothing fetched) to OUTDIR/NAME.txt:
// the text twins of our corpora. Needs puppeteer-core (it comes with
// Lighthouse: `npm i -E --ignore-scripts lighthouse@12.2.3`) and Debian's chromium.
const puppeteer = require('puppeteer-core');
const fs = require('fs'), path = require('path');
(async () => {
  const [out, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu']});
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', r => r.url().startsWith('file:') ? r.continue() : r.abort());
  for (const f of files) {
    await page.goto('file://' + path.resolve(f), {waitUntil: 'domcontentloaded', timeout: 20000}).catch(() => {});
    const t = await page.evaluate(() => document.body ? document.body.innerText : '');
    fs.writeFileSync(path.join(out, path.basename(f).replace(/\.html?$/, '.txt')), t);
  }
  await browser.close();
})();
