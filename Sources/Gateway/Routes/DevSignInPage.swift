import Hummingbird
import PorticoConfig

/// The development sign-in page: one button per demo user, each posting the sign-in form.
struct DevSignInPage {
    let users: [PorticoConfiguration.Auth.DevUser]
    let next: String?

    func response() -> Response {
        let nextField = DevSignInRoutes.localPath(next)
        let rows = users.map { user in
            """
            <li><form method="post" action="\(DevSignInRoutes.signInPath)">
            <input type="hidden" name="email" value="\(HTMLPage.escape(user.email))">
            <input type="hidden" name="next" value="\(HTMLPage.escape(nextField))">
            <button type="submit">\(HTMLPage.escape(user.email))</button>
            <small>\(HTMLPage.escape(user.groups.joined(separator: ", ")))</small>
            </form></li>
            """
        }.joined(separator: "\n")
        let body = """
            <h1>Portico development sign-in</h1>
            <p>Development mode only. Choosing a user signs an ALB-format token with this gateway's
            development key; it is then validated exactly like a token from a real ALB.</p>
            <ul>\(rows)</ul>
            """
        return HTMLPage(title: "Portico development sign-in", body: body, scriptNonce: nil).response()
    }
}
