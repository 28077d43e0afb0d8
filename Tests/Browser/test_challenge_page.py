"""The CLI sign-in approval page (`/challenge_validator/{token}`): who asks, from which
address; the named user approves once and the poller gets the session; another user cannot."""
import json
import urllib.request

from browser import BrowserTestCase


class ChallengePageTests(BrowserTestCase):
    def open_challenge(self, user):
        with urllib.request.urlopen(f"{self.stack.url}/noauth/v1/challenge_generator/{user}", timeout=10) as answer:
            generated = json.loads(answer.read())
        token = generated["polling_url"].rstrip("/").rsplit("/", 1)[-1]
        return token, generated["polling_url"]

    def poll(self, polling_url):
        with urllib.request.urlopen(polling_url, timeout=10) as answer:
            return json.loads(answer.read())

    def test_the_named_user_sees_who_asks_and_approves(self):
        token, polling = self.open_challenge("alice@example.com")
        self.sign_in("alice", f"/challenge_validator/{token}")
        self.wait_text("#challenge", "asks to sign in to Portico as alice@example.com")
        self.assertIn("127.0.0.1", self.find("#challenge").text)
        self.assertEqual(self.poll(polling)["status"], "pending")
        self.find("#approve").click()
        self.wait_visible("#notice")
        self.wait_text("#challenge", "approved")
        self.assertFalse(self.find("#approve").is_displayed())
        answer = self.poll(polling)
        self.assertEqual((answer["status"], answer["user"]), ("success", "alice@example.com"))

    def test_another_user_cannot_approve(self):
        token, polling = self.open_challenge("alice@example.com")
        self.allow_console(r"challenge_validator/.* 403")
        self.sign_in("bob", f"/challenge_validator/{token}")
        self.wait_text("#error", "requested for another user")
        self.assertFalse(self.find("#approve").is_displayed())
        self.assertEqual(self.poll(polling)["status"], "pending")
