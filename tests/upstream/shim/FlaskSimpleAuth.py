"""Stands for FlaskSimpleAuth, which FlaskTester's tests/test_app.py imports and never calls.

The real one needs Flask 3 and two packages Debian does not have; what it would serve is the C++
port's (see app.py here).
"""

__version__ = "35.5"
