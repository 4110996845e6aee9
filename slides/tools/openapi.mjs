// An app's OpenAPI document (server --openapi FILE), checked by real tools: validated against
// the OpenAPI 3.1 schema (@seriousme/openapi-schema-validator), rendered by Redoc into one
// offline HTML page (its standalone bundle and the document inlined: no request leaves the
// page), opened in headless Chromium, which must list every route of the document.
//
//   node tools/openapi.mjs DOC.json [--html OUT.html] [--png OUT.png] [--chromium PATH]
// Without --html, only validates. Exit status 1 on any problem, each printed on its own line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

import { Validator } from "@seriousme/openapi-schema-validator";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const file = process.argv[2];
const html = arg("--html");
const png = arg("--png");
const problems = [];

const spec = JSON.parse(fs.readFileSync(file, "utf8"));
const validator = new Validator();
const result = await validator.validate(spec);
if (!result.valid) {
  for (const e of result.errors) problems.push(`${file}: ${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
} else if (validator.version !== "3.1") {
  problems.push(`${file}: OpenAPI ${validator.version}, not 3.1`);
}

// Every operation, as the page must show it: "GET /stuff/{sid}".
const routes = [];
for (const [p, item] of Object.entries(spec.paths || {})) {
  for (const method of Object.keys(item)) routes.push(`${method.toUpperCase()} ${p}`);
}

if (html && problems.length === 0) {
  const require = createRequire(import.meta.url);
  // Redoc's menu shows Redocly's logo from their CDN, unconditionally: an empty image instead
  // (the page makes no request; the "API docs by Redocly" link stays).
  const redoc = fs
    .readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8")
    .replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E");
  // Inlined in a <script>: "</script" inside them would end it.
  const safe = (text) => text.replace(/<\/script/gi, "<\\/script");
  const title = String(spec.info?.title ?? "API").replace(/[<&]/g, "");
  fs.writeFileSync(html, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}: API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div id="redoc"></div>
<script>${safe(redoc)}</script>
<script>
Redoc.init(${safe(JSON.stringify(spec))}, {disableSearch: true, hideDownloadButton: true,
  expandResponses: "all", pathInMiddlePanel: true}, document.getElementById("redoc"));
</script></body></html>
`);

  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: arg("--chromium", "/usr/bin/chromium"),
    args: ["--no-sandbox", "--disable-gpu"],
    userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), "openapi-chromium-")),
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const url = pathToFileURL(path.resolve(html)).href;
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const u = req.url();
      if (u === url || u.startsWith("data:") || u.startsWith("blob:")) return req.continue();
      problems.push(`${html}: a request leaves the page: ${u}`);
      req.abort();
    });
    page.on("pageerror", (e) => problems.push(`${html}: page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`${html}: console error: ${m.text()}`);
    });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("[role=menu], .menu-content", { timeout: 20000 }).catch(() => {
      problems.push(`${html}: Redoc rendered no menu in 20 s`);
    });
    // The middle panel shows each operation's method and path (pathInMiddlePanel).
    const text = await page.evaluate(() => document.body.innerText.replace(/\s+/g, " "));
    for (const r of routes) {
      const [method, p] = r.split(" ");
      if (!text.includes(`${method.toLowerCase()} ${p}`) && !text.includes(r)) {
        problems.push(`${html}: the page does not list ${r}`);
      }
    }
    if (png) await page.screenshot({ path: png });
  } finally {
    await browser.close();
  }
}

for (const p of problems) console.error(p);
if (problems.length === 0) {
  console.log(`${file}: valid OpenAPI ${validator.version}, ${routes.length} operation(s)` +
              (html ? `, all listed in ${html}` : ""));
}
process.exit(problems.length ? 1 : 0);
