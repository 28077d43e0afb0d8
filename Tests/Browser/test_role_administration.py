"""Roles made and deleted in the web UI: a role created on `/create_role` opens in the editor,
whose "Delete this role" (after a confirmation) deletes it; the delete and clone controls are
offered only to people holding the rights."""
import uuid

from browser import BrowserTestCase


class RoleAdministrationTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # Templates come from the self-service API: until it is on this build its 404 is expected.
        self.allow_console(r"/api/v2/permission_templates .*404")

    def test_a_role_created_on_the_create_page_is_deleted_from_its_editor(self):
        account = self.stack.accounts[0]
        name = f"browser-made-{uuid.uuid4().hex[:8]}"
        self.sign_in("bob", "/create_role")
        self.wait_visible("#create-account").send_keys(account)
        self.find("#create-name").send_keys(name)
        self.find("#create-description").send_keys("made in the browser test")
        self.find("#create-form button[type=submit]").click()
        self.wait_text("#result", "Created.")
        self.find("#result a").click()
        self.wait_text("#title", name)
        self.assertEqual(self.find("#subtitle").text, f"arn:aws:iam::{account}:role/{name}")
        self.assertTrue(self.find("#clone-role").is_displayed())
        self.assertIn("/create_role?from=", self.find("#clone-role").get_attribute("href"))

        self.wait_visible("#delete-role").click()
        self.wait(lambda d: self._alert() is not None, "the confirmation")
        self.browser.switch_to.alert.accept()
        self.wait(lambda d: d.current_url.endswith("/policies"), "the policies page after the deletion")
        self.allow_console(r"/api/v2/roles/.* 404")
        self.open(f"/policies/edit/{account}/iamrole/{name}")
        self.wait_text("#error", "Not found:")

    def test_an_engineer_is_offered_neither_delete_nor_clone(self):
        account = self.stack.accounts[0]
        self.sign_in("alice", f"/policies/edit/{account}/iamrole/engineer")
        self.wait_text("#title", "engineer")
        self.assertFalse(self.find("#delete-role").is_displayed())
        self.assertFalse(self.find("#clone-role").is_displayed())

    def _alert(self):
        try:
            return self.browser.switch_to.alert
        except Exception:  # noqa: BLE001 - selenium raises NoAlertPresentException until it opens
            return None
