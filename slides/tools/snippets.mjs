// Region markers: the code shown on a slide is cut, at build time, out of the files the course
// really builds and tests. A region is the lines between a start marker and an end marker, in
// the comment syntax of its file:
//   // slide: get-stuff-sid        -- slide: get-stuff-sid        # slide: get-stuff-sid
//   ...                            ...                            ...
//   // end slide                   -- end slide                   # end slide
// In a YeSQL file (queries.sql), a query's own `-- name:` line is its marker: `path#get_stuff_sid`
// is that query (its name line, doc and SQL), `path#a+b` two of them. (No extra comment lines
// there: a line after a query's SQL belongs to that query; scripts/starters' markers aside.)
// A deck names a region as `path#name` (or a whole file as `path`). A reference to a missing
// file or region, a region defined twice in a file, an unterminated or empty region, a marker
// in a hidden test, and a marker that no deck uses all stop the build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const START = /^\s*(?:\/\/|--|#)\s*slide:\s*(\S+)\s*$/;
const END = /^\s*(?:\/\/|--|#)\s*end slide\s*$/;
// scripts/starters' markers in a solution (`// starter: TEXT`, `// begin solution`, `// end
// solution`, with a lab number or not) say what the starter holds: never shown on a slide.
const STARTER = /^\s*(?:\/\/|--) (?:starter(?: \d\d)?:|(?:begin|end) solution(?: \d\d)?\s*$)/;
const NAME = /^[a-z0-9][a-z0-9-]*$/;

// Every file of the repository that git tracks (the decks show nothing else), or, outside a
// git checkout, every file under root but build trees and node_modules.
export function repositoryFiles(root) {
  try {
    const out = execFileSync("git", ["-C", root, "ls-files", "-z", "--cached", "--others",
                                     "--exclude-standard"], { encoding: "utf8" });
    return out.split("\0").filter((f) => f && fs.existsSync(path.join(root, f)));
  } catch {
    const files = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!["build", "node_modules", ".git"].includes(entry.name)) walk(rel);
        } else {
          files.push(rel);
        }
      }
    };
    walk("");
    return files;
  }
}

function dedent(lines) {
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

// The regions of one file's text: Map name -> {text, line}. Throws "file:line: reason".
export function parseRegions(file, text) {
  const regions = new Map();
  let open = null;
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const start = line.match(START);
    if (start) {
      if (open) throw new Error(`${where}: region "${start[1]}" starts inside region "${open.name}"`);
      if (!NAME.test(start[1])) throw new Error(`${where}: region name "${start[1]}": use a-z, 0-9 and -`);
      if (regions.has(start[1])) throw new Error(`${where}: region "${start[1]}" defined twice`);
      open = { name: start[1], line: i + 1, body: [] };
    } else if (END.test(line)) {
      if (!open) throw new Error(`${where}: "end slide" without a region`);
      if (!open.body.some((l) => l.trim())) throw new Error(`${where}: region "${open.name}" is empty`);
      while (!open.body.at(-1).trim()) open.body.pop();  // a blank line may end a region
      regions.set(open.name, { text: dedent(open.body), line: open.line });
      open = null;
    } else if (open && !STARTER.test(line)) {
      open.body.push(line);
    }
  });
  if (open) throw new Error(`${file}:${open.line}: region "${open.name}" has no "end slide"`);
  return regions;
}

// Every region of the repository: Map "path#name" -> {text, file, line}.
export function scanRegions(root) {
  const all = new Map();
  for (const file of repositoryFiles(root)) {
    // Markdown and the slides' own files describe markers without being regions; but the
    // examples of slides/examples/ are files like any other, checked by their own scripts.
    const slidesOwn = file.startsWith("slides/") && !file.startsWith("slides/examples/");
    if (file.endsWith(".md") || slidesOwn) continue;
    const full = path.join(root, file);
    const stat = fs.statSync(full);
    if (!stat.isFile() || stat.size > 1 << 20) continue;
    const text = fs.readFileSync(full, "utf8");
    if (text.includes("\0") || !/slide:/.test(text)) continue;
    const regions = parseRegions(file, text);
    if (regions.size && file.startsWith("grader/tests/")) {
      throw new Error(`${file}: a hidden test must never be shown on a slide`);
    }
    for (const [name, r] of regions) all.set(`${file}#${name}`, { ...r, file });
  }
  return all;
}

// The text a reference names: a region, or a whole file. Throws when it does not exist.
export function resolve(root, regions, ref) {
  const [file, name] = ref.split("#");
  if (file.startsWith("grader/tests/")) throw new Error(`${ref}: hidden tests are not shown`);
  const full = path.join(root, file);
  if (!fs.existsSync(full)) throw new Error(`${ref}: no such file`);
  if (name === undefined) {
    const lines = fs.readFileSync(full, "utf8").split("\n");
    return lines.filter((l) => !STARTER.test(l)).join("\n").replace(/\n+$/, "");
  }
  const region = regions.get(ref);
  if (region) return region.text;
  if (/^\w+(\+\w+)*$/.test(name) && file.endsWith(".sql")) {
    return name.split("+").map((q) => yesqlQuery(file, fs.readFileSync(full, "utf8"), q)).join("\n\n");
  }
  throw new Error(`${ref}: no region "${name}" in ${file}`);
}

// One named query of a YeSQL file: from its `-- name:` line to the next one, blank lines trimmed.
function yesqlQuery(file, text, name) {
  const lines = text.split("\n");
  const isName = (l) => /^--\s*name:/.test(l.trim());
  const start = lines.findIndex((l) => new RegExp(`^--\\s*name:\\s*${name}\\b`).test(l.trim()));
  if (start < 0) throw new Error(`${file}#${name}: no query "${name}" in ${file}`);
  let end = start + 1;
  while (end < lines.length && !isName(lines[end])) ++end;
  const body = lines.slice(start, end).filter((l) => !STARTER.test(l));
  while (body.length && !body.at(-1).trim()) body.pop();
  return body.join("\n");
}
