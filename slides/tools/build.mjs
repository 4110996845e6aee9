// Builds the course's slides: every deck of slides/ with its code regions, recorded runs and
// diagrams expanded, rendered by Marp to self-contained HTML and to PDF, with an index page.
//
//   node tools/build.mjs --root REPO --out DIR --server 05-cruds=PATH ... [--no-pdf]
//
// In a deck:
//   <!-- code: solutions/05-cruds/app.cpp#get-stuff-sid -->   a region (see snippets.mjs)
//   <!-- code: labs/05-cruds/tests/01-stuff-read.hurl -->     a whole file
//   <!-- run: 07-cruds#stuff-one -->                          a recorded step (see record.mjs)
//   ![w:900](diagrams/architecture.dot)                       rendered to SVG by Graphviz
// Any reference that does not resolve, any region, step or diagram that no deck uses, fails.
//
// French edition: every `NN-name.fr.md` beside its English deck is rendered the same way (the
// same regions, runs and checks) into site/fr/ (open variants in site/fr/open/, an index in
// site/fr/index.html). Its labels are French, its front matter says `lang: fr`, and where the
// English deck shows diagrams/NAME.dot it shows diagrams/NAME.fr.dot (which must exist).
//
// A deck that shows code of its own lab's reference solution (the lab whose lab.json names the
// deck as its chapter) is also rendered without it, into site/open/: that code replaced by a
// note. Students get that variant while the lab is open (grader export --until that lab); the
// solution comes out with the next lab, and the full deck with it.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { scanRegions, resolve } from "./snippets.mjs";
import { parseRun, record } from "./record.mjs";
import { writeIndex } from "./site.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const slidesDir = path.dirname(here);

function parseArgs(argv) {
  const args = { servers: {}, pdf: true };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === "--root") args.root = path.resolve(argv[++i]);
    else if (a === "--out") args.out = path.resolve(argv[++i]);
    else if (a === "--server") {
      const [name, file] = argv[++i].split("=");
      args.servers[name] = path.resolve(file);
    } else if (a === "--no-pdf") args.pdf = false;
    else if (a === "--draft") args.draft = true;  // while writing: unused regions only warn
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.root || !args.out) throw new Error("usage: build.mjs --root REPO --out DIR [--server NAME=PATH]...");
  return args;
}

const LANGS = { cpp: "cpp", hpp: "cpp", sql: "sql", hurl: "hurl", sh: "bash", json: "json",
                cmake: "cmake", txt: "cmake", in: "text", conf: "nginx", dot: "dot" };

function language(file) {
  const ext = path.extname(file).slice(1);
  if (LANGS[ext]) return LANGS[ext];
  return file.startsWith("scripts/") ? "bash" : "text";
}

// A fence longer than any run of backticks inside the text.
function fence(text, lang) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

function renderDiagrams(out) {
  const dir = path.join(slidesDir, "diagrams");
  const svgs = new Map();
  fs.mkdirSync(path.join(out, "diagrams"), { recursive: true });
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".dot")).sort()) {
    const svg = execFileSync("dot", ["-Tsvg", path.join(dir, f)], { encoding: "utf8" });
    const name = f.replace(/\.dot$/, ".svg");
    fs.writeFileSync(path.join(out, "diagrams", name), svg);
    svgs.set(name, svg);
  }
  return svgs;
}

async function recordRuns(args) {
  const dir = path.join(slidesDir, "runs");
  const runs = new Map();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".run")).sort()) {
    const name = f.replace(/\.run$/, "");
    const run = parseRun(`slides/runs/${f}`, fs.readFileSync(path.join(dir, f), "utf8"));
    const t0 = Date.now();
    const steps = await record(run, { root: args.root, servers: args.servers });
    steps.lab = run.server;  // whose reference solution answered: the label above each step
    runs.set(name, steps);
    console.log(`slides: recorded ${run.steps.length} steps of runs/${f} (${Date.now() - t0} ms)`);
  }
  return runs;
}

// The lab of each chapter, from the labs' manifests: Map "09-blueprints" -> "07-blueprints".
function labsByChapter(root) {
  const labs = new Map();
  for (const lab of fs.readdirSync(path.join(root, "labs")).sort()) {
    const manifest = path.join(root, "labs", lab, "lab.json");
    if (!fs.existsSync(manifest)) continue;
    const chapter = JSON.parse(fs.readFileSync(manifest, "utf8")).chapter;
    if (chapter) labs.set(chapter, lab);
  }
  return labs;
}

// The label above included code, true where students read it (their copy has neither
// solutions/, bench/ nor the slides' sources): "lab 05's reference solution: app.cpp" for solutions/05-cruds/app.cpp.
// Authors find the file from the deck's directive, which names it in full.
// The words of the labels, in each edition (French: a narrow no-break space before a colon).
const WORDS = {
  en: {
    solution: (n, f) => `lab ${n}'s reference solution: ${f}`,
    bench: (f) => `the course's benchmarks (not in your copy): ${f}`,
    example: (f) => `an example of this chapter (checked with the slides): ${f}`,
    recordedWith: (n) => `recorded with lab ${n}'s reference solution`,
    recorded: "recorded",
    withheld: (n) => `Lab ${n}'s answer: this code comes here once lab ${n} is over.`,
  },
  fr: {
    solution: (n, f) => `solution de référence du TP ${n}\u202f: ${f}`,
    bench: (f) => `bancs d'essai du cours (absents de votre copie)\u202f: ${f}`,
    example: (f) => `exemple du chapitre (vérifié avec les diapositives)\u202f: ${f}`,
    recordedWith: (n) => `enregistré avec la solution de référence du TP ${n}`,
    recorded: "enregistré",
    withheld: (n) => `Réponse du TP ${n}\u202f: ce code viendra ici une fois le TP ${n} terminé.`,
  },
};

function sourceLabel(file, lang = "en") {
  const w = WORDS[lang];
  const solution = file.match(/^solutions\/(\d\d)-[\w-]+\/(.+)$/);
  if (solution) return w.solution(solution[1], solution[2]);
  const bench = file.match(/^bench\/(.+)$/);
  if (bench) return w.bench(bench[1]);
  const example = file.match(/^slides\/examples\/(.+)$/);
  if (example) return w.example(example[1]);
  return file;
}

// The label above a recorded step: what answered (when a command uses the server), and the
// step (runs/FILE.run#STEP).
function runLabel(lab, file, step, lang = "en") {
  const server = /localhost:5000|\.\/server|server\.(log|db)/.test(step.command);
  const what = lab && server ? WORDS[lang].recordedWith(lab.slice(0, 2)) : WORDS[lang].recorded;
  return `${what} (${file}#${step.name})`;
}

// `withheld`: a lab whose solution's code is replaced by a note (the deck while it is open).
// A test file (.hurl) names its test in both languages (`# name:`, `# name-fr:`): a deck shows
// the name in its own language only, as `# name:`.
function testNameIn(edition, text) {
  const lines = text.split("\n");
  if (edition !== "fr") return lines.filter((l) => !l.startsWith("# name-fr:")).join("\n");
  if (!lines.some((l) => l.startsWith("# name-fr:"))) return text;
  return lines.filter((l) => !l.startsWith("# name:")).map((l) => l.replace(/^# name-fr:/, "# name:")).join("\n");
}

// `edition`: "fr" for a French deck (NN-name.fr.md): French labels and diagrams.
function expandDeck(deck, text, ctx, withheld, edition = "en") {
  const problems = [];
  const at = (offset) => `slides/${deck}:${text.slice(0, offset).split("\n").length}`;
  let out = text.replace(/<!--\s*code:\s*(\S+)(?:\s+(\w+))?\s*-->/g, (all, ref, lang, offset) => {
    if (withheld && ref.startsWith(`solutions/${withheld}/`)) {
      const n = withheld.slice(0, 2);
      return `<div class="withheld">${WORDS[edition].withheld(n)}</div>`;
    }
    try {
      const body = testNameIn(edition, resolve(ctx.root, ctx.regions, ref));
      ctx.usedRegions.add(ref);
      const file = ref.split("#")[0];
      return `<div class="src">${sourceLabel(file, edition)}</div>\n\n${fence(body, lang ?? language(file))}`;
    } catch (e) {
      problems.push(`${at(offset)}: ${e.message}`);
      return all;
    }
  });
  out = out.replace(/<!--\s*run:\s*([\w-]+)#([\w-]+)\s*-->/g, (all, file, step, offset) => {
    const steps = ctx.runs.get(file);
    const s = steps?.get(step);
    if (!s) {
      problems.push(`${at(offset)}: no recorded step ${file}#${step} (slides/runs/${file}.run)`);
      return all;
    }
    ctx.usedSteps.add(`${file}#${step}`);
    // Each command after a prompt (none before the continuation of a line ending with \), then
    // what it printed.
    const shown = s.parts.map((p) => {
      const lines = p.command.split("\n");
      const command = lines.map((l, i) => (i && lines[i - 1].endsWith("\\") ? l : `$ ${l}`)).join("\n");
      return p.output ? `${command}\n${p.output}` : command;
    }).join("\n");
    return `<div class="src">${runLabel(steps.lab, file, { name: step, command: s.command }, edition)}</div>\n\n${fence(shown, "console")}`;
  });
  // An image through raw HTML: markdown-it refuses data: URLs of SVG images.
  // A French deck names the English diagram (the same reference in both editions) and shows
  // its French twin, NAME.fr.dot: every diagram on a French slide has French labels.
  out = out.replace(/!\[([^\]]*)\]\(diagrams\/([\w-]+)\.dot\)/g, (all, alt, base, offset) => {
    const name = edition === "en" ? base : `${base}.${edition}`;
    const svg = ctx.svgs.get(`${name}.svg`);
    if (!svg) {
      problems.push(`${at(offset)}: no diagram slides/diagrams/${name}.dot` +
                    (edition === "en" ? "" : ` (a ${edition} deck shows the ${edition} twin of ${base}.dot)`));
      return all;
    }
    ctx.usedDiagrams.add(`${name}.svg`);
    const size = alt.match(/^([wh]):(\d+)$/);
    const style = size ? ` style="${size[1] === "w" ? "width" : "height"}:${size[2]}px"` : "";
    return `<img class="diagram" alt="diagram: ${base}"${style} src="data:image/svg+xml;base64,${
      Buffer.from(svg).toString("base64")}">`;
  });
  // One note for code blocks withheld one after the other (a query, then its route).
  out = out.replace(/(<div class="withheld">[^<]*<\/div>)(\s*<div class="withheld">[^<]*<\/div>)+/g, "$1");
  const left = out.match(/<!--\s*(code|run):[^>]*-->/);
  if (left && !problems.length) problems.push(`slides/${deck}: malformed directive ${left[0]}`);
  return { text: out, problems };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  fs.rmSync(path.join(args.out, "md"), { recursive: true, force: true });
  fs.mkdirSync(path.join(args.out, "md"), { recursive: true });
  fs.mkdirSync(path.join(args.out, "site"), { recursive: true });

  const decks = fs.readdirSync(slidesDir).filter((f) => /^\d\d-[\w-]+\.md$/.test(f)).sort();
  // The French edition: NN-name.fr.md, rendered into site/fr/ under the English deck's name.
  const frDecks = fs.readdirSync(slidesDir).filter((f) => /^\d\d-[\w-]+\.fr\.md$/.test(f)).sort();
  const ctx = {
    root: args.root,
    regions: scanRegions(args.root),
    svgs: renderDiagrams(args.out),
    runs: await recordRuns(args),
    usedRegions: new Set(), usedSteps: new Set(), usedDiagrams: new Set(),
  };
  const problems = [];
  const unused = [];
  const labs = labsByChapter(args.root);
  // Each edition: its decks, the folders of their expanded Markdown, where Marp writes them.
  const editions = [
    { lang: "en", decks, md: "md", mdOpen: "md-open", site: "site", open: path.join("site", "open") },
    { lang: "fr", decks: frDecks, md: "md-fr", mdOpen: "md-fr-open", site: path.join("site", "fr"),
      open: path.join("site", "fr", "open") },
  ];
  fs.rmSync(path.join(args.out, "site", "open"), { recursive: true, force: true });
  fs.rmSync(path.join(args.out, "site", "fr"), { recursive: true, force: true });
  for (const e of editions) {
    for (const dir of [e.md, e.mdOpen]) {
      fs.rmSync(path.join(args.out, dir), { recursive: true, force: true });
      fs.mkdirSync(path.join(args.out, dir), { recursive: true });
    }
    for (const deck of e.decks) {
      const text = fs.readFileSync(path.join(slidesDir, deck), "utf8");
      const name = deck.replace(/(\.fr)?\.md$/, "");  // the chapter: 02-rest
      const out = `${name}.md`;
      if (e.lang !== "en") {
        const front = text.match(/^---\n([\s\S]*?)\n---\n/);
        if (!front || !new RegExp(`^lang:\\s*${e.lang}\\s*$`, "m").test(front[1])) {
          problems.push(`slides/${deck}: its front matter must say "lang: ${e.lang}"`);
        }
        if (!decks.includes(out)) problems.push(`slides/${deck}: no English deck slides/${out}`);
      }
      const expanded = expandDeck(deck, text, ctx, undefined, e.lang);
      problems.push(...expanded.problems);
      fs.writeFileSync(path.join(args.out, e.md, out), expanded.text);
      const lab = labs.get(name);
      if (lab && text.includes(`code: solutions/${lab}/`)) {
        fs.writeFileSync(path.join(args.out, e.mdOpen, out), expandDeck(deck, text, ctx, lab, e.lang).text);
      }
    }
  }
  for (const [ref, r] of ctx.regions) {
    if (!ctx.usedRegions.has(ref)) unused.push(`${r.file}:${r.line}: region "${ref.split("#")[1]}" is on no slide`);
  }
  for (const [file, steps] of ctx.runs) {
    for (const name of steps.keys()) {
      if (!ctx.usedSteps.has(`${file}#${name}`)) unused.push(`slides/runs/${file}.run: step "${name}" is on no slide`);
    }
  }
  for (const name of ctx.svgs.keys()) {
    if (!ctx.usedDiagrams.has(name)) unused.push(`slides/diagrams/${name.replace(/svg$/, "dot")}: on no slide`);
  }
  if (args.draft) console.error(unused.map((p) => `slides: warning: ${p}`).join("\n"));
  else problems.push(...unused);
  if (problems.length) {
    console.error(problems.map((p) => `slides: ${p}`).join("\n"));
    process.exit(1);
  }

  const marp = path.join(slidesDir, "node_modules", ".bin", "marp");
  const common = ["--no-stdin", "--config-file", path.join(slidesDir, "marp.config.mjs"),
                  "--theme-set", path.join(slidesDir, "theme")];
  const runMarp = (extra) => {
    const r = spawnSync(marp, [...common, ...extra], { encoding: "utf8" });
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      throw new Error(`marp ${extra.join(" ")} failed`);
    }
    const warnings = (r.stdout + r.stderr).split("\n").filter((l) => /WARN|ERROR/.test(l));
    if (warnings.length) throw new Error(`marp: ${warnings.join("\n")}`);
  };
  const pdf = ["--pdf", "--browser", "chrome", "--browser-path", process.env.CHROME_PATH ?? "/usr/bin/chromium",
               "--pdf-outlines"];
  const renders = editions.flatMap((e) => [[e.md, e.site], [e.mdOpen, e.open]]);
  for (const [md, site] of renders) {
    if (!fs.readdirSync(path.join(args.out, md)).length) continue;
    const io = ["-I", path.join(args.out, md), "-o", path.join(args.out, site)];
    runMarp(io);
    if (args.pdf) runMarp([...io, ...pdf]);
  }
  writeIndex({ root: args.root, site: path.join(args.out, "site"), decks, slidesDir, pdf: args.pdf,
               other: frDecks.length ? "fr" : undefined });
  if (frDecks.length) {
    writeIndex({ root: args.root, site: path.join(args.out, "site", "fr"), decks: frDecks, slidesDir,
                 pdf: args.pdf, lang: "fr", other: "en" });
  }
  console.log(`slides: ${decks.length} decks, ${frDecks.length} in French, in ${path.join(args.out, "site")} ` +
              `(${Date.now() - t0} ms)`);
}

main().catch((e) => {
  console.error(`slides: ${e.message}`);
  process.exit(1);
});
