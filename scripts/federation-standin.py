"""A stand-in for AWS's console sign-in federation endpoint (aws.federation_url) for `make run`.

moto emulates the AWS APIs but not https://signin.aws.amazon.com/federation, so the demo points
Portico here instead:

- `?Action=getSigninToken&Session={"sessionId","sessionKey","sessionToken"}` checks that the
  credentials are a role session moto knows (GetCallerIdentity with them must answer an
  assumed-role ARN) and answers `{"SigninToken": ...}`, remembering whom the token is for;
- `?Action=login&SigninToken=...&Destination=...&Issuer=...` (where Portico sends the browser)
  shows a page saying which role the real console would open, where it would land, and the URL
  Portico built (on AWS's own host), instead of a console that does not exist locally.

Usage: federation-standin.py PORT MOTO_ENDPOINT
"""
import html
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import boto3

port, moto_endpoint = int(sys.argv[1]), sys.argv[2]
grants = {}  # sign-in token -> the ARN it was issued for
grants_lock = threading.Lock()


def identity_of(session):
    sts = boto3.client(
        "sts", endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id=session["sessionId"],
        aws_secret_access_key=session["sessionKey"], aws_session_token=session["sessionToken"])
    return sts.get_caller_identity()["Arn"]


class Federation(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path != "/federation":
            return self.answer(404, "text/plain", "not found")
        action = query.get("Action")
        if action == "getSigninToken":
            return self.signin_token(query)
        if action == "login":
            return self.login(query)
        return self.answer(400, "text/plain", "Action must be getSigninToken or login")

    def signin_token(self, query):
        try:
            session = json.loads(query.get("Session", ""))
            arn = identity_of({key: str(session[key]) for key in ("sessionId", "sessionKey", "sessionToken")})
        except Exception:  # a bad Session or credentials moto refuses: AWS answers 400 too
            arn = None
        # AWS signs in only temporary role credentials; moto without signature checking answers
        # unknown keys as its default user, which this refuses as well.
        if arn is None or ":assumed-role/" not in arn:
            return self.answer(400, "text/plain", "the Session parameter does not hold working role credentials")
        token = "demo-" + secrets.token_urlsafe(24)
        with grants_lock:
            grants[token] = arn
        return self.answer(200, "application/json", json.dumps({"SigninToken": token}))

    def login(self, query):
        with grants_lock:
            arn = grants.get(query.get("SigninToken", ""))
        if arn is None:
            return self.answer(400, "text/plain", "unknown or missing SigninToken")
        real = "https://signin.aws.amazon.com/federation?" + urlencode(
            {"Action": "login", "Issuer": query.get("Issuer", ""), "Destination": query.get("Destination", ""),
             "SigninToken": "…"})
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portico demo: console sign-in</title>
<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem}}
code{{word-break:break-all}}</style></head><body>
<h1>Console sign-in (demo)</h1>
<p>With real AWS, this link signs the browser in to the AWS console as</p>
<p><code>{html.escape(arn)}</code></p>
<p>and lands on <code>{html.escape(query.get("Destination", ""))}</code>
(issuer <code>{html.escape(query.get("Issuer", ""))}</code>).</p>
<p>This machine runs moto, which has no console, so this local stand-in for the federation
endpoint checked the credentials with moto, handed Portico a sign-in token, and shows this page
instead. In production the browser goes to:</p>
<p><code>{html.escape(real)}</code></p>
</body></html>"""
        return self.answer(200, "text/html; charset=utf-8", page)

    def answer(self, status, content_type, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # the query holds credentials: log the action only
        sys.stderr.write(f"federation-standin: {self.command} {urlparse(self.path).path} -> {args[1] if len(args) > 1 else ''}\n")


ThreadingHTTPServer(("127.0.0.1", port), Federation).serve_forever()
