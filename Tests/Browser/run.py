"""Runs the browser tests (`make browser-test`): starts one Portico stack (stack.py), runs every
test_*.py here against it in headless Chromium, stops the stack. Output (process logs, failure
screenshots and HTML, downloads) goes to PORTICO_BROWSER_OUTPUT, by default
.build/browser-tests. Exits non-zero when a test fails.

Usage: python3 Tests/Browser/run.py [-k PATTERN]"""
import argparse
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from browser import BrowserTestCase  # noqa: E402
from stack import ROOT, PorticoStack  # noqa: E402


class CapturingResult(unittest.TextTestResult):
    """Saves the page of a failing test before its browser closes."""

    def addFailure(self, test, err):
        if isinstance(test, BrowserTestCase):
            test.capture()
        super().addFailure(test, err)

    def addError(self, test, err):
        if isinstance(test, BrowserTestCase) and hasattr(test, "browser"):
            test.capture()
        super().addError(test, err)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", dest="patterns", action="append", help="only tests whose name holds this")
    arguments = parser.parse_args()
    output = os.environ.get("PORTICO_BROWSER_OUTPUT", os.path.join(ROOT, ".build", "browser-tests"))
    os.makedirs(output, exist_ok=True)
    loader = unittest.TestLoader()
    if arguments.patterns:
        loader.testNamePatterns = [f"*{p}*" for p in arguments.patterns]
    suite = loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="test_*.py")
    started = time.monotonic()
    stack = PorticoStack(output)
    try:
        stack.start()
        print(f"browser tests: Portico at {stack.url} (ready in {time.monotonic() - started:.1f} s); output in {output}", flush=True)
        BrowserTestCase.stack = stack
        BrowserTestCase.output = output
        result = unittest.TextTestRunner(verbosity=2, resultclass=CapturingResult).run(suite)
    finally:
        stack.stop()
    if not result.wasSuccessful():
        print(f"browser tests failed: screenshots and logs in {output}", flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
