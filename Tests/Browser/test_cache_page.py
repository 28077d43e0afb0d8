"""The cache status page (`/cache`, administrators only): every swept account and kind with its
last success, age, items and error, stale first; refused to others, in the page and the API."""
from selenium.webdriver.support.ui import Select

from browser import BrowserTestCase


class CachePageTests(BrowserTestCase):
    def test_an_administrator_sees_every_swept_account(self):
        self.sign_in("bob", "/cache")
        self.wait(lambda d: len(self.texts("#scopes tbody tr td[data-label='Account']")) > 0, "the cache rows")
        self.assertIn("Cache", [a.text for a in self.find_all("#site-nav a")])
        Select(self.find("#table-filter-kind")).select_by_value("iam")
        self.wait(lambda d: "kind=iam" in d.current_url or "f_kind=iam" in d.current_url, "the filter in the URL")
        accounts = set(self.texts("#scopes tbody td[data-label='Account']"))
        self.assertEqual(accounts, set(self.stack.accounts))
        states = set(self.texts("#scopes tbody td[data-label='State']"))
        self.assertEqual(states, {"fresh"})
        items = [int(text.replace(",", "")) for text in self.texts("#scopes tbody td[data-label='Items']")]
        self.assertTrue(all(count > 0 for count in items), items)
        status, body = self.stack.api("bob", "/api/v2/cache_status")
        self.assertEqual(status, 200)
        self.assertEqual(body["scopes"], sorted(body["scopes"], key=lambda s: not s["stale"]))

    def test_others_are_refused(self):
        self.sign_in("alice", "/cache")
        self.wait_text("#scopes", "Only Portico administrators")
        self.assertNotIn("Cache", [a.text for a in self.find_all("#site-nav a")])
        status, body = self.stack.api("alice", "/api/v2/cache_status")
        self.assertEqual(status, 403, body)
        self.assertIn("can_admin", body["message"])
