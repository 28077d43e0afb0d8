"""The Portico stack the browser tests drive, all on loopback and free ports: redis-server,
moto_server seeded with the demo estate (scripts/seed-demo.py), the federation stand-in for
console links (scripts/federation-standin.py) and the built `portico-server all` with a
development configuration whose demo users are alice (an engineer) and bob (a Portico
administrator). Everything started is stopped by `stop()`, and every process's output is kept
under the test output folder."""
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
USERS = {
    "alice": ("alice@example.com", ["engineering@example.com"]),
    "bob": ("bob@example.com", ["portico-admins@example.com"]),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout=60.0, process=None):
    """Polls `check` until it is true; fails naming `what` (and the process's exit) otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        try:
            if check():
                return
        except (OSError, urllib.error.URLError, subprocess.SubprocessError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def http_ok(url):
    with urllib.request.urlopen(url, timeout=2) as answer:
        return 200 <= answer.status < 300


class PorticoStack:
    def __init__(self, output):
        self.output = output
        self.processes = []
        os.makedirs(output, exist_ok=True)

    def spawn(self, name, arguments, env=None):
        log = open(os.path.join(self.output, f"{name}.log"), "wb")
        process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                   start_new_session=True)
        self.processes.append((name, process, log))
        return process

    def start(self, extra_yaml=""):
        binary = os.path.join(ROOT, ".build", "debug", "portico-server")
        if not os.access(binary, os.X_OK):
            raise RuntimeError(f"{binary} is missing: build it first (swift build --product portico-server)")
        redis_port = free_port()
        redis = self.spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port),
                                     "--save", "", "--appendonly", "no"])
        moto_port = free_port()
        moto = self.spawn("moto", ["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)])
        self.moto = f"http://127.0.0.1:{moto_port}"
        wait_for("redis-server", lambda: subprocess.run(["redis-cli", "-p", str(redis_port), "ping"],
                                                        capture_output=True, timeout=2).stdout.strip() == b"PONG",
                 process=redis)
        wait_for("moto_server", lambda: http_ok(f"{self.moto}/moto-api/data.json"), process=moto)
        seeded = subprocess.run([sys.executable, "scripts/seed-demo.py", self.moto], cwd=ROOT, capture_output=True,
                                text=True, check=True, timeout=120)
        accounts_yaml = seeded.stdout
        self.accounts = re.findall(r'^  "(\d{12})"', accounts_yaml, re.M)
        federation_port = free_port()
        federation = self.spawn("federation", [sys.executable, "scripts/federation-standin.py", str(federation_port), self.moto])
        wait_for("the federation stand-in", lambda: self.answers(f"http://127.0.0.1:{federation_port}/"), process=federation)

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.metrics_port = free_port()
        listen = {name: f"127.0.0.1:{free_port()}" for name in ("auth", "credentials", "cache", "requests")}
        listen["gateway"] = f"127.0.0.1:{self.port}"
        dev_users = "\n".join(f"    - {{email: {email}, groups: [{', '.join(groups)}]}}" for email, groups in USERS.values())
        config = f"""environment: dev
url: {self.url}
listen: {json.dumps(listen)}
metrics: {{listen: {{gateway: 127.0.0.1:{self.metrics_port}}}}}
redis: {{host: 127.0.0.1, port: {redis_port}}}
dynamodb: {{endpoint_url: {self.moto}, create_tables: true}}
aws: {{endpoint_url: {self.moto}, federation_url: "http://127.0.0.1:{federation_port}/federation"}}
auth:
  alb: {{public_key_url: "{self.url}/noauth/dev/alb-keys/{{kid}}"}}
  dev_users:
{dev_users}
groups:
  can_admin: [portico-admins@example.com]
  can_admin_policies: [portico-admins@example.com]
  can_edit_config: [portico-admins@example.com]
{accounts_yaml}
{extra_yaml}
"""
        self.config_path = os.path.join(self.output, "portico.yaml")
        with open(self.config_path, "w") as handle:
            handle.write(config)
        env = dict(os.environ, AWS_ACCESS_KEY_ID="portico-test", AWS_SECRET_ACCESS_KEY="portico-test", AWS_REGION="us-east-1")
        server = self.spawn("portico", [binary, "all", "--config", self.config_path], env=env)
        wait_for("portico-server", lambda: http_ok(f"{self.url}/healthcheck"), timeout=90, process=server)
        wait_for("the first IAM sweep of every demo account", self.iam_swept, timeout=180, process=server)
        return self

    @staticmethod
    def answers(url):
        try:
            urllib.request.urlopen(url, timeout=2)
        except urllib.error.HTTPError:
            pass
        return True

    def iam_swept(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=2) as answer:
            text = answer.read().decode()
        swept = re.findall(r'^portico_cache_last_success_age_seconds\{.*scope="iam"\}', text, re.M)
        return len(swept) >= len(self.accounts)

    def session(self, user):
        """A session token for `user` from the development sign-in, for API calls outside the browser."""
        email = USERS[user][0]
        request = urllib.request.Request(f"{self.url}/noauth/dev/login", data=urllib.parse.urlencode({"email": email}).encode())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            answer = opener.open(request, timeout=10)
            headers = answer.headers
        except urllib.error.HTTPError as redirect:
            headers = redirect.headers
        for cookie in headers.get_all("Set-Cookie") or []:
            match = re.match(r"consoleme_auth=([^;]+)", cookie)
            if match:
                return match.group(1)
        raise RuntimeError(f"the development sign-in gave {user} no session")

    def api(self, user, path, method="GET", body=None, token=None):
        """`path` of the REST API as `user` (bearer session): (status, JSON body)."""
        headers = {"Authorization": f"Bearer {token or self.session(user)}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as failure:
            raw = failure.read()
            try:
                return failure.code, json.loads(raw or b"null")
            except ValueError:
                return failure.code, raw.decode(errors="replace")

    def wait_for_inventory(self, arn_filter, count=1, timeout=120.0):
        """Until the cache's policies table lists `count` rows whose ARN holds `arn_filter` (the
        sweep after start fills it in a few seconds)."""
        wait_for(f"the cache to list {arn_filter}", lambda: (lambda answer: answer[0] == 200 and answer[1]["totalCount"] == count)(
            self.api("bob", "/api/v2/policies", "POST", {"filters": {"arn": arn_filter}})), timeout=timeout)

    def stop(self):
        for name, process, log in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        self.processes = []
