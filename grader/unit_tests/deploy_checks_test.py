#!/usr/bin/env python3
"""Lab 08's check-deploy reads units, environment files and configs as systemd and the server do,
and judges nginx sites by what the instances and the clients receive: correct variants pass,
wrong ones fail
(labs/08-deployment/deploy_checks.py). The nginx cases start a real nginx on loopback."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB = os.path.join(ROOT, "labs", "08-deployment")
sys.path.insert(0, LAB)
import deploy_checks  # noqa: E402

with open(os.path.join(ROOT, "solutions", "08-deployment", "deploy", "stuff@.service")) as f:
    SOLUTION_UNIT = f.read().replace("@USER@", "stuff").replace("@PREFIX@", "")
with open(os.path.join(ROOT, "solutions", "08-deployment", "deploy", "nginx.conf")) as f:
    SOLUTION_SITE = f.read()


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path


class Unit(Files):
    """The unit check: a user of its own, an environment file, the hardening, one command."""

    def problems(self, text):
        env = self.write("stuff.env", "APP_TOKEN_SECRET=x\n")
        text = text.replace("/etc/stuff/stuff.env", env)
        return deploy_checks.unit(self.write("stuff@.service", text), "5001")["problems"]

    def with_setting(self, key, value):
        """The solution's unit with `key=value` in place of its own line for key (or added)."""
        lines = [line for line in SOLUTION_UNIT.splitlines() if not line.startswith(key + "=")]
        at = lines.index("[Service]") + 1
        return "\n".join(lines[:at] + ["%s=%s" % (key, value)] + lines[at:]) + "\n"

    def test_the_solution_passes(self):
        self.assertEqual(self.problems(SOLUTION_UNIT), [])

    def test_every_boolean_systemd_accepts_passes(self):
        for value in ["yes", "true", "on", "1", "YES", "True", "y", "t"]:
            with self.subTest(value=value):
                self.assertEqual(self.problems(self.with_setting("NoNewPrivileges", value)), [])
                self.assertEqual(self.problems(self.with_setting("PrivateTmp", value)), [])

    def test_protect_home_takes_a_boolean_or_a_mode(self):
        for value in ["yes", "on", "read-only", "tmpfs"]:
            with self.subTest(value=value):
                self.assertEqual(self.problems(self.with_setting("ProtectHome", value)), [])
        self.assertTrue(self.problems(self.with_setting("ProtectHome", "no")))

    def test_spaces_around_the_equal_sign_and_continuations_are_syntax(self):
        text = SOLUTION_UNIT.replace("NoNewPrivileges=yes", "NoNewPrivileges = yes")
        text = text.replace("ProtectSystem=strict", "ProtectSystem=\\\n  strict")
        self.assertEqual(self.problems(text), [])

    def test_false_booleans_fail(self):
        for value in ["no", "false", "off", "0", "maybe", ""]:
            with self.subTest(value=value):
                self.assertTrue(self.problems(self.with_setting("NoNewPrivileges", value)))

    def test_a_commented_setting_is_not_a_setting(self):
        text = SOLUTION_UNIT.replace("NoNewPrivileges=yes", "#NoNewPrivileges=yes")
        self.assertIn("no NoNewPrivileges= (yes)", self.problems(text))
        text = SOLUTION_UNIT.replace("NoNewPrivileges=yes", "; NoNewPrivileges=yes")
        self.assertIn("no NoNewPrivileges= (yes)", self.problems(text))

    def test_the_last_assignment_wins(self):
        text = SOLUTION_UNIT.replace("NoNewPrivileges=yes", "NoNewPrivileges=yes\nNoNewPrivileges=no")
        self.assertTrue(self.problems(text))

    def test_a_setting_of_another_section_does_not_count(self):
        text = SOLUTION_UNIT.replace("NoNewPrivileges=yes\n", "")
        text = text.replace("[Install]", "[Install]\nNoNewPrivileges=yes")
        self.assertIn("no NoNewPrivileges= (yes)", self.problems(text))

    def test_protect_system_must_be_strict(self):
        for value in ["full", "yes", "true"]:
            with self.subTest(value=value):
                self.assertTrue(self.problems(self.with_setting("ProtectSystem", value)))

    def test_root_is_refused_however_written(self):
        for i, text in enumerate([self.with_setting("User", "root"),
                                  self.with_setting("User", "0"),
                                  SOLUTION_UNIT.replace("User=stuff\n", ""),
                                  SOLUTION_UNIT.replace("ExecStart=", "ExecStart=+"),
                                  SOLUTION_UNIT.replace("ExecStart=", "ExecStart=-!")]):
            with self.subTest(variant=i):
                self.assertTrue(self.problems(text))
        dynamic = SOLUTION_UNIT.replace("User=stuff\n", "DynamicUser=yes\n")
        self.assertEqual(self.problems(dynamic), [])

    def test_one_command_and_an_environment_file(self):
        two = SOLUTION_UNIT.replace("ExecStart=", "ExecStart=/bin/true\nExecStart=")
        self.assertTrue(self.problems(two))
        reset = SOLUTION_UNIT.replace("ExecStart=", "ExecStart=/bin/true\nExecStart=\nExecStart=")
        self.assertEqual(self.problems(reset), [])
        none = "\n".join(l for l in SOLUTION_UNIT.splitlines() if "EnvironmentFile" not in l)
        self.assertIn("no EnvironmentFile=: the secrets never reach the service",
                      self.problems(none))

    def test_exec_start_is_split_and_expanded_as_systemd_does(self):
        env = self.write("env", 'PORT_FLAGS="--threads 2"\nCONFIG=/etc/stuff/stuff.json\n')
        text = ("[Service]\nUser=stuff\nEnvironment=\"GREETING=a b\" MODE=x\n"
                "EnvironmentFile=-%s\nExecStart=@/opt/stuff/server stuff --config ${CONFIG} "
                "$PORT_FLAGS --name \"${GREETING}\" 'single quoted' --port %%i 100%%\n" % env)
        got = deploy_checks.unit(self.write("u.service", text), "5002")
        self.assertEqual(got["exec_start"], [
            "/opt/stuff/server", "--config", "/etc/stuff/stuff.json", "--threads", "2", "--name",
            "a b", "single quoted", "--port", "5002", "100%"])
        self.assertEqual(got["environment"]["MODE"], "x")
        self.assertEqual(got["environment_files"], [{"path": env, "optional": True}])


class Readiness(Files):
    """Type=notify as the harness reads it, and its side of sd_notify on a real unix socket."""

    def test_the_units_type_and_how_it_stops(self):
        got = deploy_checks.unit(self.write("u.service", SOLUTION_UNIT), "5001")
        self.assertEqual((got["type"], got["notify_access"]), ("notify", "main"))
        self.assertEqual((got["kill_signal"], got["timeout_stop_sec"]), ("SIGTERM", 10.0))
        simple = SOLUTION_UNIT.replace("Type=notify", "Type=simple")
        got = deploy_checks.unit(self.write("u.service", simple), "5001")
        self.assertEqual((got["type"], got["notify_access"]), ("simple", "none"))
        self.assertEqual([deploy_checks.seconds(t) for t in ["10", "1min 30s", "500ms", "x"]],
                         [10, 90, 0.5, 90])

    def ready(self, listen_first):
        """What the harness saw of a server that says READY=1 before or after it listens."""
        name = "first" if listen_first else "then"
        path, out, port = os.path.join(self.dir, "notify-" + name), \
            os.path.join(self.dir, "ready-" + name), free_port()
        helper = subprocess.Popen([sys.executable, os.path.join(LAB, "deploy_checks.py"),
                                   "notify", path, str(port), out])
        try:
            deadline = time.time() + 10
            while not os.path.exists(path):
                self.assertLess(time.time(), deadline)
                time.sleep(0.01)
            listener = socket.socket()
            listener.bind(("127.0.0.1", port))
            if listen_first:
                listener.listen()
            notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            notify.sendto(b"READY=1", path)
            while not os.path.exists(out):
                self.assertLess(time.time(), deadline)
                time.sleep(0.01)
            notify.close()
            listener.close()
            with open(out) as f:
                return json.load(f)
        finally:
            helper.kill()
            helper.wait()

    def test_ready_once_listening(self):
        self.assertEqual(self.ready(True)["listening"], True)
        self.assertEqual(self.ready(False)["listening"], False)


class EnvironmentAndConfig(Files):
    def test_the_sslmode_libpq_reads(self):
        for conninfo, mode in [
                ("postgresql://127.0.0.1:5432/stuff?user=stuff&sslmode=require", "require"),
                ("postgresql:///stuff?host=/run/postgresql&user=stuff", ""),
                ("host=db sslmode = 'verify-full' user=stuff", "verify-full"),
                ("host=db sslmode=disable", "disable")]:
            with self.subTest(conninfo=conninfo):
                self.assertEqual(deploy_checks.sslmode(conninfo), mode)

    def test_an_environment_file_as_systemd_reads_it(self):
        path = self.write("env", "# a comment\n; another\nA=1\n  B = two words \nC=\"quoted # not"
                                 " a comment\"\nD='single'\nE=first\\\nsecond\nnot a line\n")
        self.assertEqual(deploy_checks.environment_file(path), {
            "A": "1", "B": "two words", "C": "quoted # not a comment", "D": "single",
            "E": "firstsecond"})

    def test_a_config_with_comments_as_the_server_reads_it(self):
        path = self.write("stuff.json", '// top\n{\n  /* a\n block */ "cache": "redis://h:1/0",'
                                        ' // the cache\n  "url": "http://x//y" }\n')
        self.assertEqual(deploy_checks.config(path), {"cache": "redis://h:1/0",
                                                      "url": "http://x//y"})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx(Files):
    """A real nginx on loopback with a site of the solution's kind."""

    @classmethod
    def setUpClass(cls):
        cls.tls = tempfile.mkdtemp()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", os.path.join(cls.tls, "key.pem"),
                        "-out", os.path.join(cls.tls, "cert.pem")], check=True,
                       capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tls)

    def probe(self, site, action=deploy_checks.probe):
        """The problems of each probe for `site` (the solution's placeholders filled), or what
        action(BASE, PORTS, HTTP_BASE) returns with nginx running that site."""
        ports = [free_port(), free_port()]
        listen, listen_http = free_port(), free_port()
        site = (site.replace("@PORT_1@", str(ports[0])).replace("@PORT_2@", str(ports[1]))
                .replace("@LISTEN@", "127.0.0.1:%d" % listen)
                .replace("@LISTEN_HTTP@", "127.0.0.1:%d" % listen_http)
                .replace("@SERVER_NAME@", "localhost")
                .replace("@PREFIX@/etc/stuff/tls", self.tls))
        conf = self.write("nginx.conf", """worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log stderr;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  include {site};
}}
""".format(d=self.dir, site=self.write("site.conf", site)))
        errors = open(os.path.join(self.dir, "errors"), "w+")
        nginx = subprocess.Popen([shutil.which("nginx", path="/usr/sbin:/usr/bin"), "-p",
                                  self.dir, "-e", "stderr", "-c", conf], stderr=errors)
        try:
            deadline = time.time() + 5
            while True:
                try:
                    socket.create_connection(("127.0.0.1", listen), timeout=0.2).close()
                    break
                except OSError:
                    if nginx.poll() is not None:
                        errors.seek(0)
                        self.fail("nginx stopped: " + errors.read())
                    self.assertLess(time.time(), deadline, "nginx did not listen")
                    time.sleep(0.02)
            return action("https://127.0.0.1:%d/api" % listen, ports,
                          "http://127.0.0.1:%d/api" % listen_http)
        finally:
            nginx.terminate()
            nginx.wait(5)
            errors.close()

    def location(self, site, body):
        """`site` with the /api/ location's body replaced."""
        start = site.index("  location /api/ {")
        end = site.index("  }\n", start) + 4
        return site[:start] + "  location /api/ {\n" + body + "  }\n" + site[end:]

    API = """    proxy_pass http://stuff/;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_next_upstream error timeout http_503;
"""


class Site(Nginx):
    """Sites judged by what nginx sends to the instances' ports, as check-deploy's probe does."""

    def test_the_solution_passes_every_probe(self):
        self.assertEqual(self.probe(SOLUTION_SITE),
                         {"forwarded": [], "keep-alive": [], "next-upstream": [],
                          "https-redirect": [], "hsts": []})

    def test_quoting_and_comments_are_nginx_syntax(self):
        body = self.API.replace("X-Real-IP $remote_addr", '"X-Real-IP" "$remote_addr"')
        body += "    # proxy_set_header X-Forwarded-Proto http;\n"
        self.assertEqual(self.probe(self.location(SOLUTION_SITE, body))["forwarded"], [])

    def test_a_header_in_a_comment_is_not_set(self):
        body = self.API.replace("    proxy_set_header X-Real-IP", "    # proxy_set_header X-Real-IP")
        problems = self.probe(self.location(SOLUTION_SITE, body))["forwarded"]
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("X-Real-IP", problems[0])

    def test_headers_of_the_server_block_are_lost_below_a_location_that_sets_its_own(self):
        # nginx's inheritance: a level that sets any proxy_set_header inherits none.
        outer = ("    proxy_set_header X-Real-IP $remote_addr;\n"
                 "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                 "    proxy_set_header X-Forwarded-Proto $scheme;\n")
        inner = "".join(l + "\n" for l in self.API.splitlines() if "X-" not in l)
        site = self.location(SOLUTION_SITE, inner).replace(
            "  client_max_body_size", outer + "  client_max_body_size")
        self.assertEqual(len(self.probe(site)["forwarded"]), 3)
        inherited = inner.replace('    proxy_set_header Connection "";\n', "")
        site = self.location(SOLUTION_SITE, inherited).replace(
            "  client_max_body_size", outer + "  client_max_body_size")
        self.assertEqual(self.probe(site)["forwarded"], [])

    def test_a_scheme_written_in_is_not_the_clients(self):
        body = self.API.replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto http")
        self.assertEqual(len(self.probe(self.location(SOLUTION_SITE, body))["forwarded"]), 1)

    def test_keep_alive_needs_http_1_1_no_close_and_the_upstreams_keepalive(self):
        body = self.API.replace("    proxy_http_version 1.1;\n", "")
        self.assertIn("HTTP/1.0", self.probe(self.location(SOLUTION_SITE, body))["keep-alive"][0])
        body = self.API.replace('    proxy_set_header Connection "";\n', "")
        self.assertIn("close", self.probe(self.location(SOLUTION_SITE, body))["keep-alive"][0])
        site = SOLUTION_SITE.replace("  keepalive 16;", "")
        self.assertIn("none kept open", self.probe(site)["keep-alive"][0])

    def test_next_upstream_needs_503(self):
        body = self.API.replace("    proxy_next_upstream error timeout http_503;\n", "")
        self.assertTrue(self.probe(self.location(SOLUTION_SITE, body))["next-upstream"])
        body = self.API.replace("http_503", "http_502")
        self.assertTrue(self.probe(self.location(SOLUTION_SITE, body))["next-upstream"])

    def test_a_site_that_reaches_nothing_fails_every_probe_of_the_instances(self):
        site = SOLUTION_SITE.replace("server 127.0.0.1:@PORT_1@", "server 127.0.0.1:1").replace(
            "server 127.0.0.1:@PORT_2@", "server 127.0.0.1:2")
        problems = self.probe(site)
        self.assertTrue(all(problems[p] for p in ["forwarded", "keep-alive", "next-upstream"]),
                        problems)
        self.assertEqual(problems["https-redirect"], [])  # nginx's own answer

    REDIRECT = "  return 301 https://$host$request_uri;\n"

    def test_plain_http_redirects_to_the_same_url_over_https(self):
        for ok in ["  return 308 https://$server_name$request_uri;\n",
                   "  location / {\n    return 301 https://$host$request_uri;\n  }\n"]:
            with self.subTest(ok=ok):
                site = SOLUTION_SITE.replace(self.REDIRECT, ok)
                self.assertEqual(self.probe(site)["https-redirect"], [])
        for wrong, why in [("  return 301 http://$host:1$request_uri;\n", "Location"),
                           ("  return 301 https://$host/;\n", "Location"),
                           ("  return 200 ok;\n", "not a redirect"),
                           ("  location /api/ {\n    proxy_pass http://stuff/;\n  }\n"
                            "  location / {\n    return 301 https://$host$request_uri;\n  }\n",
                            "reached an instance")]:
            with self.subTest(wrong=wrong):
                problems = self.probe(SOLUTION_SITE.replace(self.REDIRECT, wrong))
                self.assertTrue(any(why in p for p in problems["https-redirect"]), problems)

    def test_no_plain_http_server_is_no_redirect(self):
        start = SOLUTION_SITE.index("server {")
        end = SOLUTION_SITE.index("}\n", start) + 2
        problems = self.probe(SOLUTION_SITE[:start] + SOLUTION_SITE[end:])["https-redirect"]
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("no plain-HTTP server", problems[0])

    HSTS = '  add_header Strict-Transport-Security "max-age=31536000" always;\n'

    def test_hsts_on_every_https_answer_errors_too(self):
        site = SOLUTION_SITE.replace(self.HSTS, "")
        self.assertEqual(len(self.probe(site)["hsts"]), 3)
        # Without `always`, nginx adds it to 2xx and 3xx only: not to the 401 and the 404.
        site = SOLUTION_SITE.replace(self.HSTS, self.HSTS.replace(" always", ""))
        problems = self.probe(site)["hsts"]
        self.assertEqual(len(problems), 2, problems)
        self.assertTrue("401" in problems[0] and "404" in problems[1], problems)
        site = SOLUTION_SITE.replace(self.HSTS, self.HSTS.replace("31536000", "300"))
        self.assertIn("below", self.probe(site)["hsts"][0])
        site = SOLUTION_SITE.replace(self.HSTS, self.HSTS.replace("max-age=31536000",
                                                                  "includeSubDomains"))
        self.assertIn("max-age", self.probe(site)["hsts"][0])

    def test_a_location_with_headers_of_its_own_loses_the_servers_hsts(self):
        body = self.API + "    add_header X-Content-Type-Options nosniff always;\n"
        problems = self.probe(self.location(SOLUTION_SITE, body))["hsts"]
        self.assertEqual(len(problems), 2, problems)  # the instances' answers; not nginx's 404


class Instance:
    """A stand-in for an instance on `port`: GET 200, POST 201, one request per connection.
    stop() stops as common's graceful stop does: accepts what is pending, closes its listening
    socket (a new connection is refused), answers what it accepted."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.sock.settimeout(0.02)
        self.running, self.closed = True, threading.Event()
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while self.running:
            try:
                self.accepted(self.sock.accept()[0])
            except socket.timeout:
                pass
        self.sock.setblocking(False)
        try:
            while True:
                self.accepted(self.sock.accept()[0])
        except OSError:
            pass
        self.sock.close()
        self.closed.set()

    def accepted(self, conn):
        threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    @staticmethod
    def serve(conn):
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            while length and len(body) < int(length.group(1)):
                body += conn.recv(4096)
            status = b"201 Created" if head.startswith(b"POST") else b"200 OK"
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: 2\r\n"
                         b"Connection: close\r\n\r\n{}")

    def stop(self):
        self.running = False
        self.closed.wait(5)


class RollingRestart(Nginx):
    """What nginx does while its instances restart one after the other (as check-deploy's
    rolling-restart, on stand-ins): the figures of deploy_checks.traffic, reads and writes."""

    def restart(self, base, ports, _):
        instances = [Instance(p) for p in ports]
        stop = os.path.join(self.dir, "stop")
        figures = {}
        clients = threading.Thread(target=lambda: figures.update(
            deploy_checks.traffic(base, stop, 20)))
        clients.start()
        time.sleep(0.5)
        for i, port in enumerate(ports):  # down 0.3 s each, the other right after
            instances[i].stop()
            time.sleep(0.3)
            instances[i] = Instance(port)
        time.sleep(0.5)
        open(stop, "w").close()
        clients.join()
        for instance in instances:
            instance.stop()
        return figures

    def test_the_solution_loses_no_request(self):
        figures = self.probe(SOLUTION_SITE, self.restart)
        self.assertGreater(figures["sent"], 50, figures)
        self.assertEqual(figures["failed"], 0, figures)

    def test_without_next_upstream_requests_fail(self):
        body = self.API.replace("proxy_next_upstream error timeout http_503;",
                                "proxy_next_upstream off;")
        figures = self.probe(self.location(SOLUTION_SITE, body), self.restart)
        self.assertGreater(figures["failed"], 0, figures)
        self.assertTrue(any("502" in f for f in figures["failures"]), figures)

    def test_with_nginxs_default_max_fails_the_restarted_one_is_skipped_and_none_is_left(self):
        site = SOLUTION_SITE.replace(" max_fails=0;", ";")
        figures = self.probe(site, self.restart)
        self.assertGreater(figures["failed"], 0, figures)


if __name__ == "__main__":
    unittest.main()
