// Every relative link of every Markdown file of the repository resolves to a file or folder:
//   node tools/links.mjs --root REPO
// Links inside code (fenced or inline) are not links; URLs with a scheme are not checked.
import fs from "node:fs";
import path from "node:path";

import { repositoryFiles } from "./snippets.mjs";

const root = path.resolve(process.argv[process.argv.indexOf("--root") + 1] ?? ".");
const broken = [];
let count = 0;
for (const file of repositoryFiles(root).filter((f) => f.endsWith(".md") && !f.includes("node_modules/"))) {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  let inFence = false;
  text.split("\n").forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, "");
    const targets = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1])
      .concat([...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)].map((m) => m[1]));
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
      ++count;
      const clean = decodeURIComponent(target.split("#")[0].split("?")[0]);
      if (!fs.existsSync(path.resolve(path.dirname(path.join(root, file)), clean))) {
        broken.push(`${file}:${i + 1}: ${target}`);
      }
    }
  });
}
if (broken.length) {
  console.error(`links: ${broken.length} broken relative link(s):\n${broken.join("\n")}`);
  process.exit(1);
}
console.log(`links: ${count} relative links in Markdown files, all resolve`);
