"""The editor (`/policies/edit/{account}/iamrole/{name}`) over the inventory API: the role's
inline and trust policies, who may use it, tabs by keyboard with the tab in the URL; and every
edit asks for a justification before it becomes a request."""
from selenium.webdriver.common.keys import Keys

from browser import BrowserTestCase


class EditorPageTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # Templates come from the self-service API: until it is on this build its 404 is expected.
        self.allow_console(r"/api/v2/permission_templates .*404")

    def test_shows_the_roles_policies_and_who_may_use_it(self):
        account = self.stack.accounts[0]
        self.sign_in("alice", f"/policies/edit/{account}/iamrole/engineer")
        self.wait_text("#title", "engineer")
        self.assertEqual(self.find("#subtitle").text, f"arn:aws:iam::{account}:role/engineer")
        self.wait_text("#panel", "engineer-inline")
        self.find("#tab-inline").send_keys(Keys.ARROW_RIGHT)
        self.wait(lambda d: "tab=trust" in d.current_url, "the trust tab in the URL")
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "tab-trust")
        self.wait_text("#panel", "sts:AssumeRole")
        self.find("#tab-access").click()
        self.wait_text("#panel", "engineering@example.com")
        # A shared link opens the same tab.
        self.open(f"/policies/edit/{account}/iamrole/engineer?tab=access")
        self.assertEqual(self.find("#tab-access").get_attribute("aria-selected"), "true")

    def test_an_edit_asks_for_a_justification_first(self):
        account = self.stack.accounts[0]
        self.sign_in("alice", f"/policies/edit/{account}/iamrole/engineer?tab=tags")
        self.wait_visible("#tag-key").send_keys("team")
        self.find("#tag-value").send_keys("platform")
        self.find("#panel .row button").click()
        self.wait_visible("#justify-dialog")
        self.assertIn("team=platform", self.find("#justify-what").text)
        self.assertFalse(self.find("#justify-apply-label").is_displayed(), "alice is no administrator")
        self.find("#justify-dialog button[value=cancel]").click()
        self.wait(lambda d: not self.find("#justify-dialog").is_displayed(), "the dialog to close")

    def test_a_missing_role_is_a_readable_error(self):
        self.allow_console(r"/api/v2/roles/.* 404")
        self.sign_in("alice", f"/policies/edit/{self.stack.accounts[0]}/iamrole/no-such-role")
        self.wait_text("#error", "Not found:")
