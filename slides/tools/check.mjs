// Opens every rendered deck in headless Chromium and fails on what a reader would see broken:
// a console error, a request that leaves the machine (the slides work offline), an image that
// does not load, an empty code block, a blank slide, content overflowing its slide, or code
// shrunk to fit below a size a projector's back row can read (MIN_CODE_PX on a 1280x720
// slide, after Marp's auto-scaling). Keeps
// a PNG of the first slide of each deck (or of every slide, with --all).
//
//   node tools/check.mjs --site DIR --png DIR [--chromium PATH] [--all]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import puppeteer from "puppeteer-core";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const site = path.resolve(arg("--site"));
const pngDir = path.resolve(arg("--png"));
const all = process.argv.includes("--all");
fs.mkdirSync(pngDir, { recursive: true });

// The smallest code a reader is asked to read, in px of a 1280x720 slide.
const MIN_CODE_PX = 12;

// Measured inside the page, in print layout (every slide shown, one per page).
function inspect(minCodePx) {
  const problems = [];
  const sections = [...document.querySelectorAll("svg[data-marpit-svg] > foreignObject > section")];
  sections.forEach((section, i) => {
    const n = i + 1;
    const box = section.getBoundingClientRect();
    const scale = box.width / 1280;
    const footer = section.querySelector(":scope > footer");
    const limit = footer ? footer.getBoundingClientRect().top : box.bottom;
    const content = [...section.children].filter((e) => !["FOOTER", "HEADER"].includes(e.tagName));
    const text = content.map((e) => e.innerText).join("").trim();
    if (!text && !section.querySelector("img, svg")) problems.push(`slide ${n}: blank`);
    if (section.scrollHeight > section.clientHeight + 1 || section.scrollWidth > section.clientWidth + 1) {
      problems.push(`slide ${n}: content overflows the slide (${section.scrollWidth}x${section.scrollHeight})`);
    }
    for (const e of section.querySelectorAll("*")) {
      if (e.closest("footer, header")) continue;
      const r = e.getBoundingClientRect();
      if (r.height === 0 && r.width === 0) continue;
      if (r.bottom > limit + 1) {
        problems.push(`slide ${n}: <${e.tagName.toLowerCase()}> "${(e.innerText || "").slice(0, 40)}" ` +
                      `runs ${Math.round((r.bottom - limit) / scale)}px into the footer or past the slide`);
        break;
      }
      if (r.right > box.right + 1) {
        problems.push(`slide ${n}: <${e.tagName.toLowerCase()}> runs past the right edge`);
        break;
      }
    }
    // Marp renders a fenced block as <marp-pre is="marp-pre">, a plain <pre> without auto-scaling.
    for (const pre of section.querySelectorAll("pre, marp-pre")) {
      if (!pre.innerText.trim()) problems.push(`slide ${n}: an empty code block`);
      if (pre.scrollWidth > pre.clientWidth + 1) {
        problems.push(`slide ${n}: a code line is wider than its block: "${pre.innerText.split("\n")[0].slice(0, 40)}"`);
      }
      // Marp shrinks a block too wide for its slide (auto-scaling, an <svg> in its shadow DOM):
      // the reader sees the font size times that shrinking, measured as the code's drawn width
      // over its laid-out width, in the slide's own 1280 px.
      const code = pre.querySelector("code") || pre;
      const shrunk = code.offsetWidth ? code.getBoundingClientRect().width / scale / code.offsetWidth : 1;
      const size = parseFloat(getComputedStyle(code).fontSize) * Math.min(1, shrunk);
      if (size < minCodePx - 0.05) {
        problems.push(`slide ${n}: code shrunk to ${size.toFixed(1)}px (under ${minCodePx}px): ` +
                      `"${pre.innerText.trim().split("\n")[0].slice(0, 40)}"`);
      }
    }
    for (const img of section.querySelectorAll("img")) {
      if (!img.complete || img.naturalWidth === 0) problems.push(`slide ${n}: an image does not load`);
    }
  });
  return { count: sections.length, problems };
}

// The decks, under open/ those rendered without their lab's answer (build.mjs), and the French
// edition's under fr/ and fr/open/, checked alike.
const deckFiles = (dir) => fs.existsSync(path.join(site, dir))
  ? fs.readdirSync(path.join(site, dir)).filter((f) => /^\d\d-[\w-]+\.html$/.test(f)).sort()
      .map((f) => path.join(dir, f))
  : [];
const decks = [...deckFiles(""), ...deckFiles("open"), ...deckFiles("fr"), ...deckFiles(path.join("fr", "open"))];
const frDecks = decks.filter((d) => d.startsWith(`fr${path.sep}`)).length;
if (!decks.length) {
  console.error(`check: no deck in ${site}`);
  process.exit(1);
}
const browser = await puppeteer.launch({
  executablePath: arg("--chromium", "/usr/bin/chromium"),
  headless: true,
  userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), "slides-chromium-")),
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
let slides = 0;
try {
  const statementsOf = (dir) => fs.existsSync(path.join(site, dir, "labs"))
    ? fs.readdirSync(path.join(site, dir, "labs")).filter((f) => f.endsWith(".html")).map((f) => path.join(dir, "labs", f))
    : [];
  const indexes = ["index.html", ...(frDecks ? [path.join("fr", "index.html")] : [])];
  for (const deck of [...decks, ...indexes, ...statementsOf(""), ...statementsOf("fr")]) {
    const problems = [];
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      if (url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:")) {
        req.continue();
      } else {
        problems.push(`a request leaves the machine: ${url}`);
        req.abort();
      }
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
    page.on("requestfailed", (req) => {
      if (!req.url().startsWith("http")) problems.push(`failed to load ${req.url()}`);
    });
    await page.goto(pathToFileURL(path.join(site, deck)).href, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);  // measure with the final fonts
    if (!decks.includes(deck)) {
      // The index and the lab statements: every relative link leads to a file.
      const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
      for (const href of links.filter((h) => !/^[a-z][a-z0-9+.-]*:/i.test(h) && !h.startsWith("#"))) {
        const target = path.resolve(path.dirname(path.join(site, deck)), decodeURIComponent(href.split("#")[0]));
        if (!fs.existsSync(target)) problems.push(`broken link ${href}`);
      }
    } else {
      const name = deck.replace(/\.html$/, "");
      const png = name.replaceAll(path.sep, "-");  // fr/open/09-blueprints: fr-open-09-blueprints.png
      // A French deck says so (Marp's lang: fr), for hyphenation and screen readers.
      if (deck.startsWith(`fr${path.sep}`)) {
        const htmlLang = await page.$eval("html", (h) => h.lang);
        if (htmlLang !== "fr") problems.push(`<html lang="${htmlLang}">, not "fr" (lang: fr in the front matter)`);
      }
      // The on-screen controller (page number, buttons) stays out of the pictures.
      await page.addStyleTag({ content: ".bespoke-marp-osc { display: none !important; }" });
      await page.screenshot({ path: path.join(pngDir, `${png}.png`) });
      const count = await page.$$eval("svg[data-marpit-svg]", (s) => s.length);
      if (all) {
        for (let i = 2; i <= count; ++i) {
          await page.keyboard.press("ArrowRight");
          await new Promise((r) => setTimeout(r, 150));
          await page.screenshot({ path: path.join(pngDir, `${png}-${String(i).padStart(2, "0")}.png`) });
        }
      }
      await page.emulateMediaType("print");
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const result = await page.evaluate(inspect, MIN_CODE_PX);
      problems.push(...result.problems);
      if (result.count === 0) problems.push("no slide");
      slides += result.count;
      if (fs.existsSync(path.join(site, `${name}.pdf`)) && fs.statSync(path.join(site, `${name}.pdf`)).size === 0) {
        problems.push("an empty PDF");
      }
      console.log(`check: ${deck}: ${result.count} slides${problems.length ? `, ${problems.length} problem(s)` : ", fine"}`);
    }
    failures.push(...problems.map((p) => `${deck}: ${p}`));
    await page.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  console.error(`check: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log(`check: ${decks.length} decks (${frDecks} French), ${slides} slides, no problem; ` +
            `first slides in ${pngDir}`);
