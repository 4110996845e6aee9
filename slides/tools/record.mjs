// Recorded runs: the HTTP exchanges and commands a deck shows, run for real at build time
// against the reference solution's server, so that a slide shows what the server answers today.
//
// A run file (slides/runs/NAME.run):
//   # a comment
//   server 05-cruds            start solutions/05-cruds's server: --init, a fresh SQLite file
//   binary 05-cruds            or only make ./server that executable, without starting it
//   env APP_TOKEN_SECRET=...   a variable for the server and the commands
//   ## step-name               a step: the shell lines up to the next step, run in order in one
//   curl -si http://localhost:5000/stuff/1      bash (variables set by a step stay set)
// Each command of a step (a line, with the lines that continue it after a final \) is recorded
// with its own output, so that a slide shows each command followed by what it printed.
// In a command, http://localhost:5000 is the running server, ./server its executable (./NAME
// for an executable of another name, e.g. `binary dbapi`: ./dbapi, lab 02's example program),
// server.log what it wrote on stderr (its access log) and server.db its SQLite file. A step that
// exits non-zero stops the build. The output shows http://localhost:5000 again, whatever port
// the server had.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function parseRun(file, text) {
  const run = { file, server: null, start: false, env: {}, steps: [] };
  let step = null;
  text.split("\n").forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const head = line.match(/^## (\S+)\s*$/);
    if (head) {
      if (run.steps.some((s) => s.name === head[1])) throw new Error(`${where}: step "${head[1]}" twice`);
      step = { name: head[1], lines: [], line: i + 1 };
      run.steps.push(step);
    } else if (step) {
      step.lines.push(line);
    } else if (/^\s*(#|$)/.test(line)) {
      // a comment or a blank line
    } else if (/^(server|binary) \S+$/.test(line)) {
      run.server = line.split(" ")[1];
      run.start = line.startsWith("server");
    } else if (/^env [A-Z_][A-Z0-9_]*=/.test(line)) {
      const [name, ...value] = line.slice(4).split("=");
      run.env[name] = value.join("=");
    } else {
      throw new Error(`${where}: expected server, binary, env or "## step"`);
    }
  });
  for (const s of run.steps) {
    while (s.lines.length && !s.lines.at(-1).trim()) s.lines.pop();
    s.command = s.lines.join("\n");
    if (!s.command.trim()) throw new Error(`${file}:${s.line}: step "${s.name}" has no command`);
    s.commands = [];
    s.lines.forEach((line, i) => {
      if (i && s.lines[i - 1].endsWith("\\")) s.commands[s.commands.length - 1] += `\n${line}`;
      else if (line.trim()) s.commands.push(line);
    });
  }
  return run;
}

function waitForListening(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the server did not listen in time")), timeoutMs);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening`));
    });
  });
}

const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

// Runs one run file; returns Map step name -> {command, output, parts: [{command, output}]}, a
// part per command of the step.
export async function record(run, { root, servers }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "slides-run-"));
  const log = path.join(tmp, "server.log");
  fs.writeFileSync(log, "");
  let binary = null;
  if (run.server) {
    binary = servers[run.server];
    if (!binary || !fs.existsSync(binary)) {
      throw new Error(`${run.file}: no server built for ${run.server} (${binary ?? "not given"})`);
    }
  }
  const env = { ...process.env, ...run.env, LC_ALL: "C.UTF-8" };
  let child = null;
  let base = "http://localhost:5000";
  const exe = `./${binary ? path.basename(binary) : "server"}`;
  try {
    if (run.start) {
      const logFd = fs.openSync(log, "a");
      child = spawn(binary, ["--port", "0", "--init", "--db", `sqlite:${tmp}/server.db`, "--threads", "2"],
                    { cwd: tmp, env, stdio: ["ignore", "pipe", logFd] });
      fs.closeSync(logFd);
      base = await waitForListening(child, 30000);
    }
    const substitute = (command) => command
      .replaceAll("http://localhost:5000", base)
      .replaceAll(exe, binary ? shellQuote(binary) : exe)
      .replaceAll("server.log", shellQuote(log))
      .replaceAll("server.db", shellQuote(path.join(tmp, "server.db")));
    // One bash for the whole file, each command's output to a file of its own.
    const script = ["set -u"];
    run.steps.forEach((s, i) => {
      s.commands.forEach((c, j) => {
        if (c.includes("server.log")) script.push("sleep 0.2");  // the log line follows the answer
        script.push(`{\n${substitute(c)}\n} > ${tmp}/step${i}.${j}.out 2>&1; echo $? > ${tmp}/step${i}.${j}.rc`);
      });
    });
    const result = spawnSync("bash", ["-c", script.join("\n")], { cwd: root, env, encoding: "utf8",
                                                                 timeout: 120000 });
    if (result.status !== 0) throw new Error(`${run.file}: bash failed: ${result.stderr}`);
    const steps = new Map();
    run.steps.forEach((s, i) => {
      const parts = s.commands.map((command, j) => {
        const rc = fs.readFileSync(`${tmp}/step${i}.${j}.rc`, "utf8").trim();
        let output = fs.readFileSync(`${tmp}/step${i}.${j}.out`, "utf8").replace(/\r/g, "");
        output = output.replaceAll(base, "http://localhost:5000").replaceAll(log, "server.log")
          .replaceAll(base.replace("http://", ""), "localhost:5000")
          .replaceAll(tmp + "/", "");
        if (binary) output = output.replaceAll(binary, exe);
        if (rc !== "0") throw new Error(`${run.file}:${s.line}: step "${s.name}": ${command} exited ${rc}:\n${output}`);
        return { command, output: output.replace(/\n+$/, "") };
      });
      steps.set(s.name, { command: s.command, output: parts.map((p) => p.output).filter(Boolean).join("\n"),
                          parts });
    });
    return steps;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
