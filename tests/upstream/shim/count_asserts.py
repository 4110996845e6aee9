"""A pytest plugin counting the suite's assert statements: those that passed, and those that
failed (a failed assert ends its test, so the asserts after it are not run, hence not counted).

Needs `-o enable_assertion_pass_hook=true` and no stale bytecode (PYTHONDONTWRITEBYTECODE=1).
Prints one line at the end: `asserts: PASSED passed, FAILED failed`.
"""

import pytest

counts = {"passed": 0, "failed": 0}


def pytest_assertion_pass(item, lineno, orig, expl):
    counts["passed"] += 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.excinfo is not None and call.excinfo.errisinstance(AssertionError):
        counts["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"asserts: {counts['passed']} passed, {counts['failed']} failed")
