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

// The words of each edition's index (the French one: site/fr/index.html).
const WORDS = {
  en: {
    noLab: { "01-architecture": "getting started (in the deck)", "06-advice": "test your lab (in the deck)" },
    colon: ":", lab: "lab", statement: "statement", folder: "folder", toCome: "to come", title: "Lab",
    heading: "Back-end programming in C++: the slides",
    intro: `<p>One deck per chapter. In a deck: arrow keys or space to move, <kbd>f</kbd> for full screen,
<kbd>p</kbd> for the presenter view. Every piece of code comes from the repository's solutions,
labs, SQL and test files; every exchange from a test file or a run of the real server.</p>`,
    columns: "<th>#</th><th>chapter</th><th>print</th><th>its lab</th>",
    check: "<p>Each lab is checked with <code>make check LAB=NN</code> from the repository's root.</p>",
    pageTitle: "Back-end programming in C++: slides",
    other: `<p lang="fr"><a href="fr/index.html">Version française</a> des diapositives.</p>`,
  },
  fr: {
    noLab: { "01-architecture": "premiers pas (dans le support)", "06-advice": "tester votre TP (dans le support)" },
    colon: "\u202f:", lab: "TP", statement: "énoncé", folder: "dossier", toCome: "à venir", title: "TP",
    heading: "Programmation back-end en C++\u202f: les diapositives",
    intro: `<p>Un support par chapitre. Dans un support\u202f: flèches ou espace pour avancer, <kbd>f</kbd>
pour le plein écran, <kbd>p</kbd> pour la vue présentateur. Tout le code vient des solutions, des TP,
des fichiers SQL et des tests du dépôt\u202f; chaque échange, d'un fichier de test ou d'une exécution
du vrai serveur.</p>`,
    columns: "<th>n°</th><th>chapitre</th><th>impression</th><th>son TP</th>",
    check: "<p>Chaque TP se vérifie avec <code>make check LAB=NN</code> depuis la racine du dépôt.</p>",
    pageTitle: "Programmation back-end en C++\u202f: diapositives",
    other: `<p lang="en"><a href="../index.html">English edition</a> of the slides.</p>`,
  },
};

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

const STYLE = `body{font-family:system-ui,"DejaVu Sans",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1d2733}a{color:#0b5cad}code,pre{font-family:"DejaVu Sans Mono",
monospace;font-size:.9em}pre{background:#f3f5f8;padding:.8rem;overflow-x:auto}table{border-collapse:
collapse}td,th{border:1px solid #cdd5df;padding:.25rem .5rem;text-align:left}`;

const page = (title, body, lang = "en") => `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8">
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
    const deck = path.relative(path.join(root, "slides"), abs).match(/^(\d\d-[\w-]+)(?:\.fr)?\.md$/);
    if (deck) return `href="../${deck[1]}.html${anchor}"`;
    return `href="${path.relative(outDir, abs)}${anchor}"`;
  });
}

// `lang`: the edition ("fr": site/fr/, decks NN-name.fr.md, statements README.fr.md where they
// exist); `other`: the other edition, linked from this index.
export function writeIndex({ root, site, decks, slidesDir, pdf, lang = "en", other }) {
  const w = WORDS[lang];
  const md = new MarkdownIt({ html: false, linkify: false });
  const labsOut = path.join(site, "labs");
  fs.mkdirSync(labsOut, { recursive: true });
  const rows = [];
  for (const deck of decks) {
    const name = deck.replace(/(\.fr)?\.md$/, "");
    const title = deckTitle(fs.readFileSync(path.join(slidesDir, deck), "utf8"));
    const lab = LAB_OF[name];
    let labCell = "";
    const statements = lang === "en" ? ["README.md"] : [`README.${lang}.md`, "README.md"];
    const statement = lab && statements.find((f) => fs.existsSync(path.join(root, "labs", lab, f)));
    if (statement) {
      fs.writeFileSync(path.join(labsOut, `${lab}.html`),
                       page(`${w.title} ${lab}`, renderStatement(md, root, lab, path.join(root, "labs", lab, statement),
                                                                labsOut), statement === "README.md" ? "en" : lang));
      labCell = `${w.lab} ${lab}${w.colon} <a href="labs/${lab}.html">${w.statement}</a>, ` +
                `<a href="${path.relative(site, path.join(root, "labs", lab))}/">${w.folder}</a>`;
    } else if (lab) {
      labCell = `${w.lab} ${lab}${w.colon} ${w.toCome}`;
    } else if (w.noLab[name]) {
      labCell = w.noLab[name];
    }
    rows.push(`<tr><td>${name.slice(0, 2)}</td><td><a href="${name}.html">${escape(title)}</a></td>` +
              `<td>${pdf ? `<a href="${name}.pdf">PDF</a>` : ""}</td><td>${labCell}</td></tr>`);
  }
  const body = `<h1>${w.heading}</h1>
${other ? WORDS[lang].other : ""}
${w.intro}
<table><tr>${w.columns}</tr>
${rows.join("\n")}
</table>
${w.check}`;
  fs.writeFileSync(path.join(site, "index.html"), page(w.pageTitle, body, lang));
}
