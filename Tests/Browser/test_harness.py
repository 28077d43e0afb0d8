"""The harness's own checks: a CSP violation on a page is caught by the console check."""
from browser import BrowserTestCase


class HarnessTests(BrowserTestCase):
    def test_a_csp_violation_fails_the_console_check(self):
        self.sign_in("alice")
        self.browser.execute_script("""
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);""")
        self.wait(lambda d: any("CSP violation: script-src" in m for m in self.console_errors_peek()), "the CSP violation report")
        self.assertIsNone(self.browser.execute_script("return window.injected"))
        self.allow_console(r"CSP violation|Content Security Policy")

    def console_errors_peek(self):
        return [entry["message"] for entry in self.console_seen] + self.console_errors()
