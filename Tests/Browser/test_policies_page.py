"""The policies table (`/policies`): the cache's inventory, filtered to one bucket by the
server, the filter in the URL, rows linking to the editor, CSV of what matches."""
import csv
import io
import time

from browser import BrowserTestCase


class PoliciesPageTests(BrowserTestCase):
    bucket = "demo-prod-artifacts"

    def wait_for_bucket_sweep(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, page = self.stack.api("bob", "/api/v2/policies", "POST", {"filters": {"arn": self.bucket}})
            if status == 200 and page["totalCount"] == 1:
                return
            time.sleep(0.25)
        self.fail("the cache never listed the demo bucket")

    def test_filters_to_one_bucket_and_exports_csv(self):
        self.wait_for_bucket_sweep()
        self.sign_in("alice", "/policies")
        self.wait(lambda d: len(self.attributes("#policies tbody tr[data-arn]", "data-arn")) > 1, "the first page")
        print(f"    first page of the policies table after {self.find('body').get_attribute('data-first-page-ms')} ms", flush=True)
        self.find("#filter-arn").send_keys(self.bucket)
        self.wait(lambda d: self.attributes("#policies tbody tr[data-arn]", "data-arn") == [f"arn:aws:s3:::{self.bucket}"], "one bucket")
        self.wait(lambda d: f"f_arn={self.bucket}" in d.current_url, "the filter in the URL")
        self.wait_text("#policies .table-status", "1 of 1 rows")
        link = self.find("#policies tbody a")
        self.assertTrue(link.get_attribute("href").endswith(f"/policies/edit/_/s3/{self.bucket}") or f"/s3/{self.bucket}" in link.get_attribute("href"))
        self.find("#policies .table-tools button").click()
        path = self.wait_download(".csv")
        with open(path, newline="") as handle:
            rows = list(csv.reader(io.StringIO(handle.read())))
        self.assertEqual(len(rows), 2, rows)
        self.assertIn(f"arn:aws:s3:::{self.bucket}", rows[1])
        # The shared link opens the same filtered view.
        self.open(f"/policies?f_arn={self.bucket}")
        self.assertEqual(self.find("#filter-arn").get_attribute("value"), self.bucket)
        self.wait(lambda d: self.attributes("#policies tbody tr[data-arn]", "data-arn") == [f"arn:aws:s3:::{self.bucket}"], "one bucket again")

    def test_sorts_and_pages_on_the_server(self):
        self.sign_in("bob", "/policies?f_technology=role")
        self.wait(lambda d: len(self.attributes("#policies tbody tr[data-arn]", "data-arn")) > 1, "the roles")
        arns = self.attributes("#policies tbody tr[data-arn]", "data-arn")
        self.assertEqual(arns, sorted(arns, key=str.lower))
        self.find("#policies thead th:nth-child(4) button").click()
        self.wait(lambda d: "order=desc" in d.current_url, "descending order in the URL")
        self.wait(lambda d: self.attributes("#policies tbody tr[data-arn]", "data-arn") == sorted(arns, key=str.lower, reverse=True), "descending rows")
