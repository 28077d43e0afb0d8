"""Headless Chromium (Debian's `chromium` and `chromium-driver`) driven with Selenium, and the
test case every browser test derives from: a fresh browser per test, sign-in as a demo user,
waits on conditions (never sleeps), a console that must hold no error and no CSP violation on
any page, and a screenshot plus the page's HTML under the test output for every failure."""
import glob
import os
import re
import time
import unittest

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("PORTICO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTICO_CHROMEDRIVER", "/usr/bin/chromedriver")
# Reported by the page itself (the CSP check works even where Chrome's own message is worded differently).
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
});
"""


def new_browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1000", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-component-update"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.set_page_load_timeout(30)
    return driver


class BrowserTestCase(unittest.TestCase):
    """Set by the runner: the running stack and the output folder."""
    stack = None
    output = None
    timeout = 20

    def setUp(self):
        self.downloads = os.path.join(self.output, "downloads", self.id().rsplit(".", 1)[-1])
        os.makedirs(self.downloads, exist_ok=True)
        for old in glob.glob(os.path.join(self.downloads, "*")):
            os.remove(old)
        self.browser = new_browser(self.downloads)
        self.allowed_console = []
        self.console_seen = []

    def tearDown(self):
        try:
            self.assert_clean_console()
        finally:
            self.browser.quit()

    # MARK: failures

    def capture(self):
        """The screenshot and HTML of the page as the failure left it."""
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.id())
        folder = os.path.join(self.output, "failures")
        os.makedirs(folder, exist_ok=True)
        try:
            self.browser.save_screenshot(os.path.join(folder, f"{name}.png"))
            with open(os.path.join(folder, f"{name}.html"), "w") as handle:
                handle.write(self.browser.page_source)
            print(f"    screenshot: {os.path.join(folder, name)}.png", flush=True)
        except Exception as error:  # the browser itself may be what failed
            print(f"    no screenshot: {error}", flush=True)

    # MARK: console

    def allow_console(self, pattern):
        """A console error this test causes on purpose (a refused call it checks)."""
        self.allowed_console.append(re.compile(pattern))

    def console_errors(self):
        entries = self.browser.get_log("browser")
        self.console_seen.extend(entries)
        return [entry["message"] for entry in entries
                if entry["level"] == "SEVERE" and not any(p.search(entry["message"]) for p in self.allowed_console)]

    def assert_clean_console(self):
        errors = self.console_errors()
        self.assertEqual(errors, [], f"the browser console has errors on {self.browser.current_url}")

    # MARK: navigation and waits

    def sign_in(self, user, path="/"):
        """Signs in through the development sign-in page (choosing `user`'s button) and opens `path`."""
        from stack import USERS
        email = USERS[user][0]
        self.browser.delete_all_cookies()
        self.browser.get(f"{self.stack.url}/noauth/dev/login?next={path}")
        self.browser.find_element(By.XPATH, f"//button[normalize-space()='{email}']").click()
        self.wait_ready()

    def open(self, path):
        self.assert_clean_console()
        self.browser.get(f"{self.stack.url}{path}")
        self.wait_ready()

    def wait_ready(self):
        """Until the page's script has run its start (`body[data-ready]`)."""
        self.wait(lambda d: d.execute_script("return document.body && document.body.dataset.ready === 'true'"),
                  "the page to finish loading")

    def wait(self, condition, what, timeout=None):
        try:
            return WebDriverWait(self.browser, timeout or self.timeout, poll_frequency=0.05).until(condition)
        except TimeoutException:
            raise AssertionError(f"timed out waiting for {what} on {self.browser.current_url}") from None

    def wait_visible(self, css, timeout=None):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), f"{css} to show", timeout)

    def wait_text(self, css, text, timeout=None):
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), f"{css} to say {text!r}", timeout)

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def texts(self, css):
        """The text of every element matching `css`, read at once (rows redrawn meanwhile are no trouble)."""
        return self.browser.execute_script("return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())", css)

    def attributes(self, css, name):
        """Attribute `name` of every element matching `css`, read at once."""
        return self.browser.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]))", css, name)

    def find_all(self, css):
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def wait_download(self, suffix, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [f for f in glob.glob(os.path.join(self.downloads, f"*{suffix}")) if not f.endswith(".crdownload")]
            if done:
                return done[0]
            time.sleep(0.05)
        raise AssertionError(f"no *{suffix} download within {timeout} s")
