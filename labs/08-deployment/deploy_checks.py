#!/usr/bin/env python3
"""Provided, do not edit: what check-deploy reads and probes, parsed as the real tools do.

  deploy_checks.py unit FILE INSTANCE   the systemd unit: its problems, its user, ExecStart= and
                                        environment, as JSON (systemd's syntax: sections,
                                        comments, continuations, booleans, quoting, prefixes)
  deploy_checks.py env FILE             an EnvironmentFile=, as a JSON object (systemd's syntax)
  deploy_checks.py config FILE          the server's JSON config, comments allowed, as JSON
  deploy_checks.py notify SOCKET PORT OUT
                                        systemd's side of Type=notify: a unix datagram socket
                                        SOCKET; each time READY=1 comes, whether 127.0.0.1:PORT
                                        accepts a connection then, as JSON in OUT; until killed
                                        (an instance restarted says READY=1 again)
  deploy_checks.py traffic BASE STOP SECONDS
                                        clients sending requests through nginx (BASE) until the
                                        file STOP exists (SECONDS at most): reads and writes, each
                                        answer checked; STOP.sending made once they all sent one;
                                        the figures, as JSON
  deploy_checks.py sslmode URL          the sslmode a libpq connection string asks (a URL's query
                                        or key=value words), as a JSON string ("" when none)
  deploy_checks.py probe BASE HTTP PORT...
                                        nginx's behaviour towards the instances and the clients:
                                        upstream servers of its own on PORT... (the instances'
                                        ports, before they start), requests to BASE (nginx's
                                        https://.../api) and HTTP (its plain http://.../api); the
                                        problems of each probe, as JSON
Usage errors exit 2; a file that cannot be parsed is a problem, never a crash.
"""

import http.client
import http.server
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

# --- systemd (man systemd.syntax, systemd.exec, systemd.service)

TRUE = {"1", "yes", "y", "true", "t", "on"}
FALSE = {"0", "no", "n", "false", "f", "off"}


def boolean(value):
    """True, False, or None when systemd would refuse the value (parse_boolean)."""
    v = value.strip().lower()
    return True if v in TRUE else False if v in FALSE else None


def unit_lines(text):
    """(section, key, value, line number) for each assignment: comments and empty lines skipped,
    a line ending in a backslash continued on the next (the backslash becomes a space), comment
    lines inside a continuation skipped, whitespace around '=' ignored."""
    section, pending, start = None, None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if pending is not None and line[:1] in ("#", ";"):
            continue
        if pending is None:
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            start = number
        if line.endswith("\\"):
            pending = (pending or "") + line[:-1] + " "
            continue
        whole = (pending or "") + line
        pending = None
        key, sep, value = whole.partition("=")
        if sep:
            yield section, key.strip(), value.strip(), start
    if pending is not None and "=" in pending:
        key, _, value = pending.partition("=")
        yield section, key.strip(), value.strip(), start


ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
           "\\": "\\", '"': '"', "'": "'", "s": " "}


def split_words(text):
    """Words as systemd splits a command line or Environment=: whitespace between words, "..."
    and '...' quoting, C-style backslash escapes. Raises ValueError on an unfinished quote."""
    words, word, quote, in_word, i = [], "", None, False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            word += ESCAPES.get(text[i + 1], text[i + 1])
            in_word, i = True, i + 2
            continue
        if quote:
            if c == quote:
                quote = None
            else:
                word += c
        elif c in "\"'":
            quote, in_word = c, True
        elif c.isspace():
            if in_word:
                words.append(word)
            word, in_word = "", False
        else:
            word += c
            in_word = True
        i += 1
    if quote:
        raise ValueError("an unfinished quote")
    if in_word:
        words.append(word)
    return words


def specifiers(text, instance):
    """%i and %I: the instance (the port); %%: a percent sign."""
    return re.sub(r"%[%iI]", lambda m: "%" if m.group() == "%%" else instance, text)


def exec_command(value, environment, instance):
    """ExecStart='s prefixes and argv, $VAR and ${VAR} replaced as systemd does: ${VAR} is one
    word, $VAR alone as a word is split on whitespace."""
    prefixes = re.match(r"[-@:+!]*", value).group()
    words = split_words(specifiers(value[len(prefixes):], instance))
    argv = []
    for word in words:
        alone = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", word)
        if alone:
            argv.extend(environment.get(alone.group(1), "").split())
            continue
        argv.append(re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}",
                           lambda m: environment.get(m.group(1), ""), word))
    if "@" in prefixes and len(argv) > 1:  # @: argv[0] is the second word
        argv = [argv[0]] + argv[2:]
    return prefixes, argv


def unit(path, instance):
    """The unit's settings the deployment needs, and what keeps it from being a hardened service
    of its own user: {"problems": [...], "user", "exec_start", "environment" (Environment=, then
    the EnvironmentFile= files' variables over it), "environment_files": [{"path", "optional"}]}."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    service = {}  # key -> [(value, line)], in order
    for section, key, value, number in unit_lines(text):
        if section == "Service":
            service.setdefault(key, []).append((value, number))
    problems = []

    def last(key):
        values = service.get(key, [])
        return values[-1][0] if values else None

    user = last("User")
    dynamic = boolean(last("DynamicUser") or "no")
    if not user and not dynamic:
        problems.append("no User=: the service runs as root")
    elif user and user.strip() in ("root", "0"):
        problems.append("User=%s: the service runs as root" % user)
    hardening = {
        "NoNewPrivileges": lambda v: boolean(v) is True,
        "ProtectSystem": lambda v: v.strip().lower() == "strict",
        "PrivateTmp": lambda v: boolean(v) is True,
        "ProtectHome": lambda v: boolean(v) is True or v.strip().lower() in ("read-only", "tmpfs"),
    }
    wanted = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
              "ProtectHome": "yes, read-only or tmpfs"}
    for key, good in hardening.items():
        value = last(key)
        if value is None:
            problems.append("no %s= (%s)" % (key, wanted[key]))
        elif not good(value):
            problems.append("%s=%s, not %s" % (key, value, wanted[key]))

    environment = {}
    for value, number in service.get("Environment", []):
        if not value:
            environment = {}  # an empty assignment resets the list
            continue
        try:
            for word in split_words(specifiers(value, instance)):
                name, sep, setting = word.partition("=")
                if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                    environment[name] = setting
        except ValueError as e:
            problems.append("line %d: Environment=: %s" % (number, e))
    files = []
    for value, _ in service.get("EnvironmentFile", []):
        if not value:
            files = []
            continue
        optional = value.startswith("-")
        files.append({"path": specifiers(value.lstrip("-"), instance), "optional": optional})
    if not files:
        problems.append("no EnvironmentFile=: the secrets never reach the service")

    for f in files:  # their variables override Environment='s
        try:
            environment.update(environment_file(f["path"]))
        except OSError as e:
            if not f["optional"]:
                problems.append("EnvironmentFile=%s: %s" % (f["path"], e.strerror))

    starts = []
    for value, number in service.get("ExecStart", []):
        starts = starts + [(value, number)] if value else []  # empty: a reset
    exec_start = []
    if not starts:
        problems.append("no ExecStart=")
    elif len(starts) > 1:
        problems.append("%d ExecStart= lines: Type=simple runs one command" % len(starts))
    else:
        value, number = starts[0]
        try:
            prefixes, exec_start = exec_command(value, environment, instance)
            if "+" in prefixes or "!" in prefixes:
                problems.append("ExecStart=%s...: the prefix runs the server with full "
                                "privileges (root)" % prefixes)
            if not exec_start:
                problems.append("line %d: ExecStart= holds no command" % number)
        except ValueError as e:
            problems.append("line %d: ExecStart=: %s" % (number, e))
    kind = (last("Type") or "simple").strip()
    notify_access = (last("NotifyAccess") or ("main" if kind.startswith("notify") else "none"))
    return {"problems": problems, "user": user, "exec_start": exec_start,
            "environment": environment, "environment_files": files, "type": kind,
            "notify_access": notify_access.strip(), "kill_signal": (last("KillSignal") or
                                                                    "SIGTERM").strip(),
            "timeout_stop_sec": seconds(last("TimeoutStopSec") or last("TimeoutSec") or "90s")}


def seconds(span):
    """A systemd time span ("10", "10s", "1min 30s", "500ms", "infinity") in seconds; 90 (the
    default) when systemd would refuse it."""
    units = {"us": 1e-6, "ms": 1e-3, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}
    text = span.strip().lower()
    if text == "infinity":
        return 86400.0  # JSON has no infinity; the harness waits 10 s at most anyway
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", text)
    if not parts or re.sub(r"[\d.\sa-z]", "", text):
        return 90.0
    total = 0.0
    for number, unit in parts:
        if unit and unit not in units:
            return 90.0
        total += float(number) * units.get(unit or "s")
    return total


def environment_file(path):
    """KEY=VALUE lines as systemd reads an EnvironmentFile=: '#' and ';' comments, whitespace
    around the key, quotes removed, backslash escapes and continuations."""
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    text = re.sub(r"\\\n", "", text)
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            quote, value = value[0], value[1:-1]
            if quote == '"':
                value = re.sub(r'\\(["\\$`])', r"\1", value)
        out[key] = value
    return out


def config(path):
    """The server's config: JSON with // and /* */ comments outside strings (common's Config)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return json.loads("".join(out))


def notify(path, port, out):
    """systemd's side of Type=notify (man sd_notify): a unix datagram socket at `path` (writable by
    the service's user); each time READY=1 comes (a start, a restart), whether 127.0.0.1:port
    accepts a connection then, in `out` as JSON: {"ready": true, "listening": BOOL, "state": THE
    DATAGRAM}. Reads on until killed, as systemd does (STOPPING=1 must find a socket)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if os.path.exists(path):
        os.unlink(path)
    server.bind(path)
    os.chmod(path, 0o666)
    while True:
        state = server.recv(4096).decode("utf-8", "replace")
        if "READY=1" not in state.split("\n"):
            continue
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            listening = True
        except OSError:
            listening = False
        with open(out + ".part", "w") as f:
            json.dump({"ready": True, "listening": listening, "state": state}, f)
        os.rename(out + ".part", out)


def traffic(base, stop, seconds, clients=4):
    """Clients (threads, each on a keep-alive HTTPS connection of its own) sending requests
    through nginx at `base` until the file `stop` exists (`seconds` at most): GET /version (200)
    and, one in two, POST /stuff as calvin (201, a new name each time: nginx never retries a POST
    it sent). Once every client has had an answer, the file `stop`.sending is made. {"sent",
    "failed", "seconds", "failures": the first ones, "METHOD PATH: what"}."""
    scheme, _, rest = base.partition("://")
    host, _, prefix = rest.partition("/")
    prefix = "/" + prefix if prefix else ""
    name, _, port = host.partition(":")
    auth = "Basic Y2FsdmluOmhvYmJlcw=="  # calvin:hobbes
    counts = {"sent": 0, "failed": 0}
    answered = set()
    failures = []
    start = time.monotonic()
    deadline = start + seconds

    def client(number):
        connection = None
        i = 0
        while time.monotonic() < deadline and not os.path.exists(stop):
            i += 1
            write = i % 2 == 0
            method, path = ("POST", "/stuff") if write else ("GET", "/version")
            if connection is None:
                connection = http.client.HTTPSConnection(
                    name, int(port or 443), timeout=10, context=ssl._create_unverified_context())
            try:
                if write:
                    body = "stuff=rolling-%d-%d-%d" % (os.getpid(), number, i)
                    connection.request(method, prefix + path, body=body, headers={
                        "Authorization": auth,
                        "Content-Type": "application/x-www-form-urlencoded"})
                else:
                    connection.request(method, prefix + path)
                response = connection.getresponse()
                response.read()
                problem = None if response.status == (201 if write else 200) else response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as e:
                problem = str(e) or type(e).__name__
                connection.close()
                connection = None
            with LOCK:
                if number not in answered:
                    answered.add(number)
                    if len(answered) == clients:
                        open(stop + ".sending", "w").close()
                counts["sent"] += 1
                if problem is not None:
                    counts["failed"] += 1
                    if len(failures) < 5:
                        failures.append("%s %s%s: %s" % (method, base, path, problem))
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"sent": counts["sent"], "failed": counts["failed"],
            "seconds": round(time.monotonic() - start, 1), "failures": failures}


def sslmode(conninfo):
    """The sslmode that libpq reads in a connection string: a postgresql:// URL's query
    parameter, or a key=value word (values may be quoted); "" when it names none (libpq's default,
    prefer, falls back to clear text)."""
    text = conninfo.strip()
    if text.startswith(("postgresql://", "postgres://")):
        query = urllib.parse.urlsplit(text).query
        values = urllib.parse.parse_qs(query, keep_blank_values=True).get("sslmode", [""])
        return values[-1]
    found = ""
    for m in re.finditer(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)", text):
        if m.group(1) == "sslmode":
            found = m.group(2).strip("'")
    return found


# --- nginx, seen from the instances' side

class Upstream(http.server.ThreadingHTTPServer):
    """An upstream server on an instance's port: answers what it received (HTTP/1.1, keep-alive),
    or 503 under /probe/busy when `busy`, or 401 under /probe/denied."""
    daemon_threads = True

    def __init__(self, port, busy, seen):
        self.busy, self.seen = busy, seen
        super().__init__(("127.0.0.1", port), Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        server = self.server
        record = {"port": server.server_address[1], "connection": self.client_address,
                  "version": self.request_version, "path": self.path,
                  "headers": {k.lower(): v for k, v in self.headers.items()}}
        with LOCK:
            server.seen.append(record)
        busy = server.busy and self.path.startswith("/probe/busy")
        denied = self.path.startswith("/probe/denied")
        body = json.dumps({"busy": busy}).encode()
        self.send_response(503 if busy else 401 if denied else 200)
        if denied:
            self.send_header("WWW-Authenticate", 'Basic realm="stuff"')
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


LOCK = threading.Lock()


def fetch(base, path, headers=None):
    """GET base + path through nginx, over HTTPS (its certificate unchecked) or plain HTTP as
    base says: (the status, the response's headers, names in lower case), or (the error, {})."""
    scheme, _, rest = base.partition("://")
    host, _, rest = rest.partition("/")
    prefix = "/" + rest if rest else ""
    name, _, port = host.partition(":")
    if scheme == "https":
        connection = http.client.HTTPSConnection(name, int(port or 443), timeout=5,
                                                 context=ssl._create_unverified_context())
    else:
        connection = http.client.HTTPConnection(name, int(port or 80), timeout=5)
    try:
        connection.request("GET", prefix + path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    except (OSError, http.client.HTTPException) as e:
        return str(e) or type(e).__name__, {}
    finally:
        connection.close()


def get(base, path, headers=None):
    """GET base + path through nginx: the status (or the error)."""
    return fetch(base, path, headers)[0]


# HSTS: browsers remember "HTTPS only" this long at least (180 days, as Mozilla's observatory).
HSTS_MIN_AGE = 180 * 24 * 3600


def hsts_problem(what, status, headers):
    """Why an HTTPS answer's Strict-Transport-Security header is missing or too short, or None."""
    if not isinstance(status, int):
        return "%s: %s" % (what, status)
    value = headers.get("strict-transport-security")
    if value is None:
        return "%s: %d without Strict-Transport-Security" % (what, status)
    ages = [d.strip()[len("max-age="):].strip('"') for d in value.split(";")
            if d.strip().lower().startswith("max-age=")]
    if len(ages) != 1 or not ages[0].isdigit():
        return "%s: Strict-Transport-Security: %s, without one max-age=SECONDS" % (what, value)
    if int(ages[0]) < HSTS_MIN_AGE:
        return "%s: Strict-Transport-Security: %s: max-age below %d (180 days)" % (
            what, value, HSTS_MIN_AGE)
    return None


def redirect_problems(base, http_base, seen):
    """Plain HTTP: a permanent or temporary redirect to the same URL over HTTPS, nothing passed to
    the instances."""
    path = "/probe/plain?x=2"
    before = len(seen)
    status, headers = fetch(http_base, path, {"Host": "localhost"})
    if not isinstance(status, int):
        return ["GET %s%s: %s: no plain-HTTP server that redirects to HTTPS (listen @LISTEN_HTTP@)"
                % (http_base, path, status)]
    problems = []
    if any(r["path"].startswith("/probe/plain") for r in seen[before:]):
        problems.append("GET %s%s reached an instance over plain HTTP: it must only redirect"
                        % (http_base, path))
    if status not in (301, 302, 307, 308):
        problems.append("GET %s%s: %d, not a redirect (301) to https://" % (http_base, path, status))
        return problems
    location = headers.get("location", "")
    target = urllib.parse.urlsplit(location)
    https_port = urllib.parse.urlsplit(base).port
    want = urllib.parse.urlsplit(http_base).path + path
    try:
        port = target.port
    except ValueError:
        port = "?"
    if (target.scheme != "https" or target.hostname != "localhost" or
            port not in (None, 443, https_port) or
            target.path + ("?" + target.query if target.query else "") != want):
        problems.append("GET %s%s (Host: localhost): Location: %s, not https://localhost%s (the "
                        "same host, path and query over HTTPS)"
                        % (http_base, path, location or "missing", want))
    return problems


def probe(base, ports, http_base):
    """Upstream servers on `ports`, requests through nginx at `base` (HTTPS) and `http_base`
    (plain HTTP); the problems of each probe: forwarded (who the client is), keep-alive (HTTP/1.1,
    connections reused), next-upstream (an instance that answers 503: the other one),
    https-redirect (plain HTTP only redirects), hsts (every HTTPS answer says HTTPS only)."""
    seen, servers = [], []
    for i, port in enumerate(ports):
        server = Upstream(port, busy=i == 0, seen=seen)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    problems = {"forwarded": [], "keep-alive": [], "next-upstream": [], "https-redirect": [],
                "hsts": []}
    try:
        # Who the client is: nginx's own address for it, the chain, the scheme; and the
        # Authorization header, unchanged.
        status = get(base, "/probe/who?x=1", {"X-Forwarded-For": "198.51.100.7",
                                              "Authorization": "Bearer probe"})
        mine = [r for r in seen if r["path"].startswith("/probe/who")]
        if status != 200 or not mine:
            problems["forwarded"].append(
                "GET %s/probe/who: %s; the instances' ports %s received %s" %
                (base, status, ", ".join(map(str, ports)), "nothing" if not mine else "it"))
        else:
            h = mine[-1]["headers"]
            if mine[-1]["path"] != "/probe/who?x=1":
                problems["forwarded"].append("%s/probe/who?x=1 reached the instance as %s, not "
                                             "/probe/who?x=1" % (base, mine[-1]["path"]))
            if h.get("x-real-ip") != "127.0.0.1":
                problems["forwarded"].append("X-Real-IP: %s, not the client's address 127.0.0.1"
                                             % h.get("x-real-ip", "missing"))
            chain = [a.strip() for a in h.get("x-forwarded-for", "").split(",")]
            if chain[-1] != "127.0.0.1":
                problems["forwarded"].append("X-Forwarded-For: %s, not ending with the client's "
                                             "address 127.0.0.1"
                                             % h.get("x-forwarded-for", "missing"))
            if h.get("x-forwarded-proto") != "https":
                problems["forwarded"].append("X-Forwarded-Proto: %s, not https"
                                             % h.get("x-forwarded-proto", "missing"))
            if h.get("authorization") != "Bearer probe":
                problems["forwarded"].append("Authorization did not reach the instance as sent")
        # Keep-alive: HTTP/1.1 without "Connection: close", and a connection that serves two
        # requests.
        before = len(seen)
        for _ in range(2 * len(ports)):
            get(base, "/probe/again")
        again = seen[before:]
        versions = sorted({r["version"] for r in again})
        if not again:
            problems["keep-alive"].append("GET %s/probe/again: nothing reached the instances'"
                                          " ports" % base)
        elif versions != ["HTTP/1.1"]:
            problems["keep-alive"].append("nginx speaks %s to the instances, not HTTP/1.1"
                                          % ", ".join(versions))
        elif any(r["headers"].get("connection", "").lower() == "close" for r in again):
            problems["keep-alive"].append("nginx sends Connection: close to the instances")
        elif len({tuple(r["connection"]) for r in again}) == len(again):
            problems["keep-alive"].append("%d requests, %d connections to the instances: none "
                                          "kept open (keepalive in the upstream)"
                                          % (len(again), len(again)))
        # The first instance answers 503 (stopping, overloaded): the client gets the other's.
        statuses = [get(base, "/probe/busy") for _ in range(2 * len(ports))]
        if any(s != 200 for s in statuses):
            problems["next-upstream"].append(
                "an instance answering 503: the client got %s (not tried on the other instance)"
                % ", ".join(map(str, statuses)))
        problems["https-redirect"] = redirect_problems(base, http_base, seen)
        # HSTS on every HTTPS answer: the app's, its errors (401), nginx's own (404).
        root = base[:base.index("/", len("https://"))] if "/" in base[8:] else base
        for what, (status, headers) in [
                ("GET %s/probe/who" % base, fetch(base, "/probe/who")),
                ("GET %s/probe/denied (an instance's 401)" % base, fetch(base, "/probe/denied")),
                ("GET %s/nothing (nginx's 404)" % root, fetch(root, "/nothing"))]:
            problem = hsts_problem(what, status, headers)
            if problem:
                problems["hsts"].append(problem)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return problems


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == "unit":
            result = unit(argv[2], argv[3])
        elif len(argv) == 3 and argv[1] == "env":
            result = environment_file(argv[2])
        elif len(argv) == 3 and argv[1] == "config":
            result = config(argv[2])
        elif len(argv) == 5 and argv[1] == "notify":
            notify(argv[2], int(argv[3]), argv[4])
            return 0
        elif len(argv) == 5 and argv[1] == "traffic":
            result = traffic(argv[2], argv[3], float(argv[4]))
        elif len(argv) == 3 and argv[1] == "sslmode":
            result = sslmode(argv[2])
        elif len(argv) >= 5 and argv[1] == "probe":
            result = probe(argv[2], [int(p) for p in argv[4:]], argv[3])
        else:
            print(__doc__.strip(), file=sys.stderr)
            return 2
    except (OSError, ValueError) as e:  # json.JSONDecodeError is a ValueError
        print("%s: %s" % (argv[1], e), file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
