import Hummingbird
import PorticoCrypto

/// The page the CLI login opens in the browser: who is signing in, and a button that approves
/// with a same-origin `POST` carrying the CSRF token (a plain link or GET never approves, so
/// another site cannot approve a login on the user's behalf).
struct ChallengeApprovalPage {
    let user: String
    let isPending: Bool
    let csrfToken: String

    func response() -> Response {
        let nonce = (try? SecureRandom.token(byteCount: 16)) ?? ""
        guard isPending, !nonce.isEmpty else {
            return HTMLPage(
                title: "Portico CLI login",
                body: "<h1>Portico CLI login</h1><p>This login was already approved.</p>",
                scriptNonce: nil
            ).response()
        }
        let body = """
            <h1>Portico CLI login</h1>
            <p>A command-line client asks to sign in as <strong>\(HTMLPage.escape(user))</strong>.
            Approve only if you just started it yourself.</p>
            <button id="approve">Approve CLI login</button>
            <p id="result" role="status"></p>
            <script nonce="\(nonce)">
            document.getElementById("approve").addEventListener("click", async (event) => {
              event.target.disabled = true;
              const answer = await fetch(window.location.pathname, {
                method: "POST", credentials: "same-origin",
                headers: {"X-CSRF-Token": "\(HTMLPage.escape(csrfToken))", "Accept": "application/json"}
              });
              const body = await answer.json().catch(() => ({}));
              document.getElementById("result").textContent = body.message || ("Failed: HTTP " + answer.status);
            });
            </script>
            """
        return HTMLPage(title: "Portico CLI login", body: body, scriptNonce: nonce).response()
    }
}
