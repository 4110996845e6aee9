"""The Python course's stack, for bench/run: lab 05's GET /stuff/<sid> in Flask on SQLite.

Run under gunicorn, e.g. `BENCH_DB=stuff.db gunicorn -w 2 -b 127.0.0.1:0 flask_stuff:app`.
One connection per thread, opened at its first request (after gunicorn forks), kept open.
Same answers as the lab-05 solution: {"sid": n, "stuff": s}, 404 for an unknown sid.
"""

import os
import sqlite3
import threading

from flask import Flask

app = Flask(__name__)
local = threading.local()


def db() -> sqlite3.Connection:
    if not hasattr(local, "connection"):
        local.connection = sqlite3.connect(os.environ["BENCH_DB"])
        local.connection.row_factory = sqlite3.Row
    return local.connection


# GET /stuff/<sid>: one stuff; 404
@app.get("/stuff/<int:sid>")
def get_stuff(sid: int):
    row = db().execute("SELECT sid, stuff FROM Stuff WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        return {"error": f"no such stuff: {sid}"}, 404
    return dict(row)
