// The index page of the rendered slides: every deck (HTML and PDF), the lab that goes with it,
// and that lab's statement rendered to HTML next to the decks, so that the site reads offline.
import fs from "node:fs";
import path from "node:path";

import MarkdownIt from "markdown-it";

// The lab of each chapter (chapters 1 and 6 have none of their own).
const LAB_OF = {
  "02-rest": "01-rest", "03-dbapi": "02-dbapi", "04-yesql": "03-yesql", "05-http": "04-routes",
  "07-cruds": "05-cruds", "08-aaa": "06-aaa", "09-blueprints": "07-blueprints",
  "10-deployment": "08-deployment",
};

// Chapters without a lab folder of their own.
const NO_LAB = { "01-architecture": "getting started (in the deck)", "06-advice": "test your lab (in the deck)" };

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

const STYLE = `body{font-family:system-ui,"DejaVu Sans",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1d2733}a{color:#0b5cad}code,pre{font-family:"DejaVu Sans Mono",
monospace;font-size:.9em}pre{background:#f3f5f8;padding:.8rem;overflow-x:auto}table{border-collapse:
collapse}td,th{border:1px solid #cdd5df;padding:.25rem .5rem;text-align:left}`;

const page = (title, body) => `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;

function deckTitle(text) {
  const m = text.match(/^# (.+)$/m);
  return m ? m[1].replace(/[*_`]/g, "") : "untitled";
}

// A lab statement in HTML: links to decks go to the rendered decks, other relative links to
// the file in the repository.
function renderStatement(md, root, lab, file, outDir) {
  const html = md.render(fs.readFileSync(file, "utf8"));
  return html.replace(/href="([^"#][^"]*?)(#[^"]*)?"/g, (all, target, anchor = "") => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return all;  // a URL, not a file
    const abs = path.resolve(path.join(root, "labs", lab), target);
    const deck = path.relative(path.join(root, "slides"), abs).match(/^(\d\d-[\w-]+)\.md$/);
    if (deck) return `href="../${deck[1]}.html${anchor}"`;
    return `href="${path.relative(outDir, abs)}${anchor}"`;
  });
}

export function writeIndex({ root, site, decks, slidesDir, pdf }) {
  const md = new MarkdownIt({ html: false, linkify: false });
  const labsOut = path.join(site, "labs");
  fs.mkdirSync(labsOut, { recursive: true });
  const rows = [];
  for (const deck of decks) {
    const name = deck.replace(/\.md$/, "");
    const title = deckTitle(fs.readFileSync(path.join(slidesDir, deck), "utf8"));
    const lab = LAB_OF[name];
    let labCell = "";
    if (lab && fs.existsSync(path.join(root, "labs", lab, "README.md"))) {
      fs.writeFileSync(path.join(labsOut, `${lab}.html`),
                       page(`Lab ${lab}`, renderStatement(md, root, lab, path.join(root, "labs", lab, "README.md"),
                                                          labsOut)));
      labCell = `lab ${lab}: <a href="labs/${lab}.html">statement</a>, ` +
                `<a href="${path.relative(site, path.join(root, "labs", lab))}/">folder</a>`;
    } else if (lab) {
      labCell = `lab ${lab}: to come`;
    } else if (NO_LAB[name]) {
      labCell = NO_LAB[name];
    }
    rows.push(`<tr><td>${name.slice(0, 2)}</td><td><a href="${name}.html">${escape(title)}</a></td>` +
              `<td>${pdf ? `<a href="${name}.pdf">PDF</a>` : ""}</td><td>${labCell}</td></tr>`);
  }
  const body = `<h1>Back-end programming in C++: the slides</h1>
<p>One deck per chapter. In a deck: arrow keys or space to move, <kbd>f</kbd> for full screen,
<kbd>p</kbd> for the presenter view. Every piece of code comes from the repository's solutions,
labs, SQL and test files; every exchange from a test file or a run of the real server.</p>
<table><tr><th>#</th><th>chapter</th><th>print</th><th>its lab</th></tr>
${rows.join("\n")}
</table>
<p>Each lab is checked with <code>make check LAB=NN</code> from the repository's root.</p>`;
  fs.writeFileSync(path.join(site, "index.html"), page("Back-end programming in C++: slides", body));
}
