"""The roles page (`/`): the eligible roles, filter and region kept in the URL, a console link
for the chosen region, recent roles, a copyable credential_process profile, sign-out."""
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import BrowserTestCase


class RolesPageTests(BrowserTestCase):
    def role_rows(self):
        return self.attributes("#roles tbody tr[data-arn]", "data-arn")

    def wait_roles(self):
        self.wait(lambda d: len(self.role_rows()) > 0, "the role rows")

    def test_alice_sees_her_console_roles_only(self):
        self.sign_in("alice")
        self.wait_roles()
        names = {arn.rsplit("/", 1)[-1] for arn in self.role_rows()}
        self.assertEqual(names, {"engineer", "alice-sandbox"})
        self.find("#include-cli").click()
        self.wait(lambda d: any(arn.endswith("/readonly-cli") for arn in self.role_rows()), "the CLI-only roles")
        self.assertIn("cli=1", self.browser.current_url)

    def test_console_link_signs_in_to_the_chosen_region_and_becomes_recent(self):
        self.sign_in("alice")
        self.wait_roles()
        self.assertFalse(self.find("#recent").is_displayed())
        Select(self.find("#region")).select_by_value("eu-west-1")
        self.wait(lambda d: "region=eu-west-1" in d.current_url, "the region in the URL")
        arn = next(arn for arn in self.role_rows() if arn.endswith(":role/engineer"))
        link = self.find(f'#roles tr[data-arn="{arn}"] a.console-link')
        self.assertIn("r=eu-west-1", link.get_attribute("href"))
        pages = set(self.browser.window_handles)
        link.click()
        self.wait(lambda d: len(d.window_handles) > len(pages), "the console tab")
        roles_page = self.browser.current_window_handle
        self.browser.switch_to.window(next(iter(set(self.browser.window_handles) - pages)))
        self.wait(lambda d: "eu-west-1.console.aws.amazon.com" in d.page_source, "the stand-in's sign-in page for eu-west-1")
        self.assertIn(arn.split(":")[4], self.browser.page_source)
        self.browser.close()
        self.browser.switch_to.window(roles_page)
        self.wait_visible("#recent")
        self.assertEqual(self.attributes("#recent-roles tbody tr", "data-arn"), [arn])
        # A link keeps the view, and the region is remembered for the next visit.
        self.open("/?q=engineer")
        self.assertEqual(Select(self.find("#region")).first_selected_option.get_attribute("value"), "eu-west-1")
        self.assertEqual(self.find("#filter").get_attribute("value"), "engineer")
        self.wait(lambda d: self.role_rows() and all(a.endswith("/engineer") for a in self.role_rows()), "the filtered rows")

    def test_cli_profile_names_credential_process(self):
        self.sign_in("alice")
        self.wait_roles()
        arn = next(arn for arn in self.role_rows() if arn.endswith(":role/alice-sandbox"))
        self.find(f'#roles tr[data-arn="{arn}"] button[aria-label^="A credential_process"]').click()
        self.wait_visible("#cli")
        snippet = self.find("#cli-snippet").text
        self.assertIn(f"credential_process = portico credential_process {arn}", snippet)
        self.assertRegex(snippet, r"^\[profile demo-sandbox-alice-sandbox\]")
        self.assertIn("region = us-east-1", snippet)
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "cli-copy")

    def test_credentials_show_exports(self):
        self.sign_in("alice")
        self.wait_roles()
        arn = self.role_rows()[0]
        self.find(f'#roles tr[data-arn="{arn}"] button[aria-label^="Shell credentials"]').click()
        self.wait_visible("#credentials")
        self.assertIn("export AWS_SESSION_TOKEN=", self.find("#credentials-exports").text)
        self.find("#credentials-clear").click()
        self.assertFalse(self.find("#credentials").is_displayed())

    def test_sign_out_ends_the_session_on_the_server(self):
        self.sign_in("alice")
        self.wait_roles()
        cookie = self.browser.get_cookie("consoleme_auth")["value"]
        self.assertEqual(self.stack.api("alice", "/api/v2/user_profile", token=cookie)[0], 200)
        self.find("#sign-out").click()
        self.wait_text("main h1", "You are signed out")
        status, body = self.stack.api("alice", "/api/v2/user_profile", token=cookie)
        self.assertEqual(status, 401, body)

    def test_keyboard_reaches_every_control_with_a_label(self):
        self.sign_in("alice")
        self.wait_roles()
        unlabelled = self.browser.execute_script("""
          return [...document.querySelectorAll('input, select, button, textarea')].filter((c) => {
            if (c.offsetParent === null) return false;
            const name = c.getAttribute('aria-label') || (c.labels && c.labels.length && c.labels[0].textContent.trim()) || c.textContent.trim();
            return !name;
          }).map((c) => c.outerHTML);""")
        self.assertEqual(unlabelled, [])
        # The skip link is the first stop and lands on the content.
        self.find("body").send_keys("\t")
        self.assertEqual(self.browser.switch_to.active_element.text, "Skip to content")
