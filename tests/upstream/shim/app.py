"""A C++ port seen by a Flask test: `app.test_client()` sends real HTTP to it.

FlaskSimpleAuth's demo suite (demo/test_demo.py) does `from app import app` and uses Flask's test
client; FlaskTester's suite imports `app` to build an in-process client. This module stands for
that `app`: each `with app.test_client() as c:` starts a fresh server (UPSTREAM_SERVER, with
UPSTREAM_CONFIG, on a new SQLite database or UPSTREAM_DB's tables made anew) on 127.0.0.1, and
stops it when the block ends. The
client answers what the suites read of Flask's: status_code, data, text, headers, is_json, json.
"""

import dataclasses
import io
import json
import mimetypes
import os
import re
import select
import subprocess
import tempfile
import time
import types

import requests

# How long a server may take to say it listens (it hashes passwords at start-up).
START_SECONDS = 20
# Any one request.
REQUEST_SECONDS = 30


def _config() -> dict:
    path = os.environ.get("UPSTREAM_CONFIG")
    if not path:
        return {}
    with open(path) as file:  # common's config files may hold // comment lines
        return json.loads("".join(l for l in file if not l.lstrip().startswith("//")))


def _to_json(value):
    """Flask's JSON provider, as FlaskSimpleAuth extends it: dataclasses and pydantic models."""
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if hasattr(value, "dict") and hasattr(value, "__fields__"):  # pydantic 1
        return value.dict()
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serializable: {value!r}")


class Response:
    """Werkzeug's TestResponse, the parts the suites read."""

    def __init__(self, res: requests.Response):
        self.status_code = res.status_code
        self.data = res.content
        self.text = res.text
        self.headers = res.headers  # case-insensitive, as werkzeug's
        self.mimetype = res.headers.get("Content-Type", "").split(";")[0].strip()
        self.is_json = self.mimetype == "application/json"

    @property
    def json(self):
        return json.loads(self.data) if self.is_json else None


class Client:
    """Flask's test client over HTTP: data as a form (werkzeug's str() of each value, a
    multipart body when one is a file), json as JSON."""

    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()

    def open(self, method: str, path: str, data=None, json=None, headers=None, **kwargs):
        files = {}
        if data:
            form = {}
            for name, value in data.items():
                if isinstance(value, tuple):  # (stream, filename)
                    stream, filename = value[0], value[1]
                    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                    files[name] = (filename, stream, mime)
                elif isinstance(value, io.IOBase):
                    files[name] = value
                else:
                    form[name] = str(value)
            data = form
        body = None if json is None else globals()["json"].dumps(json, default=_to_json)
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/json"
        res = self.session.request(method, self.url + path, data=data if body is None else body,
                                   files=files or None, headers=headers,
                                   timeout=REQUEST_SECONDS, **kwargs)
        return Response(res)

    def get(self, path, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.open("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.open("PUT", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.open("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.open("DELETE", path, **kwargs)

    def trace(self, path, **kwargs):
        return self.open("TRACE", path, **kwargs)


class FreshServer:
    """A server of its own for one test: a new database, a port the kernel picks."""

    def __enter__(self) -> Client:
        self.work = tempfile.TemporaryDirectory(prefix="upstream-")
        # UPSTREAM_DB (PostgreSQL's URL): the same database each time, its tables made anew.
        db = os.environ.get("UPSTREAM_DB") or f"sqlite:{self.work.name}/app.db"
        command = [os.environ["UPSTREAM_SERVER"], "--host", "127.0.0.1", "--port", "0",
                   "--db", db, "--init"]
        if os.environ.get("UPSTREAM_CONFIG"):
            command += ["--config", os.environ["UPSTREAM_CONFIG"]]
        env = dict(os.environ, APP_UPLOAD_DIR=self.work.name)
        self.log = open(os.environ.get("UPSTREAM_LOG", os.devnull), "a")
        # Unbuffered: select() sees what the pipe holds, not what a buffer took from it.
        self.server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log, env=env,
                                       bufsize=0)
        line, deadline = b"", time.monotonic() + START_SECONDS
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.server.stdout], [], [], left)[0]:
                self.__exit__(None, None, None)
                raise RuntimeError(f"{command[0]}: not listening after {START_SECONDS} s")
            byte = self.server.stdout.read(1)
            if not byte:
                self.__exit__(None, None, None)
                raise RuntimeError(f"{command[0]}: exited before listening")
            line += byte
        url = re.search(rb"listening on (http://\S+)", line)
        return Client(url.group(1).decode())

    def __exit__(self, *exc):
        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.log.close()
        self.work.cleanup()
        return False


class App:
    """What the suites read of the Flask app: its test client, and the demo's token settings
    (`app._fsa._am._tm._token` and `._carrier`, FlaskSimpleAuth's internals)."""

    def __init__(self):
        config = _config()
        tm = types.SimpleNamespace(_token=config.get("token_type", "fsa"),
                                   _carrier=config.get("token_carrier", "bearer"))
        self._fsa = types.SimpleNamespace(_am=types.SimpleNamespace(_tm=tm))

    def test_client(self) -> FreshServer:
        return FreshServer()


app = App()
