/// The forge stand-in's program: a small HTTP server in Python's standard library (`http.server`),
/// a real peer on 127.0.0.1 that speaks the documented REST contract of one forge (GitHub, Gitea or
/// GitLab) for commit statuses and pull-request comments, plus incoming-webhook receivers at
/// `POST /hooks/<name>` (Slack answers `ok`, the others 200).
///
/// It checks what the providers' API documentation requires and answers as they document:
/// - the auth header (`Authorization: Bearer T`, `Authorization: token T`, `PRIVATE-TOKEN: T`): 401
///   with the provider's error body otherwise;
/// - the repository in the path: 404 `{"message": "Not Found"}` for any other;
/// - a JSON body with the documented fields and state values (GitHub and Gitea: `state`, `context`,
///   `description` (≤ 140), `target_url`; GitLab: `state` in pending/running/success/failed/canceled,
///   `name`): 422 (GitLab 400) otherwise; a GitHub comment over 65,536 characters: 422;
/// - queued faults (the `faults.json` file, consumed in order, each optionally only for paths
///   containing `match`) answer first: 401, 404, 422, 429 with `Retry-After`, 5xx.
///
/// Every request (method, path, lower-cased headers, body) is appended to `requests.jsonl` before it
/// is answered, so tests assert on exactly what was sent.
enum ForgeStandInScript {
    static let source = #"""
import json, re, sys, time
from http.server import HTTPServer, BaseHTTPRequestHandler

provider, token, repo, folder = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
state = {"next_id": 1000, "comments": {}, "statuses": []}
PREFIX = {"github": "", "gitea": "/api/v1", "gitlab": "/api/v4"}[provider]

def next_id():
    state["next_id"] += 1
    return state["next_id"]

def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None, text=False):
        data = body.encode() if text else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if text else "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        record = {"method": self.command, "path": self.path,
                  "headers": {k.lower(): v for k, v in self.headers.items()}, "body": raw}
        with open(folder + "/requests.jsonl", "a") as log:
            log.write(json.dumps(record) + "\n")
        try:
            with open(folder + "/faults.json") as f:
                faults = json.load(f)
        except (OSError, ValueError):
            faults = []
        for index, fault in enumerate(faults):
            if fault.get("match") and fault["match"] not in self.path:
                continue
            del faults[index]
            with open(folder + "/faults.json", "w") as f:
                json.dump(faults, f)
            return self.answer(fault["status"], fault.get("body", {}), fault.get("headers", {}))
        if self.path.startswith("/hooks/"):
            if self.command != "POST":
                return self.answer(405, {"message": "Method Not Allowed"})
            try:
                json.loads(raw)
            except ValueError:
                return self.answer(400, "invalid_payload", text=True)
            return self.answer(200, "ok", text=True)
        if not self.authorized():
            body = {"github": {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
                    "gitea": {"message": "token is required", "url": "https://gitea.example/api/swagger"},
                    "gitlab": {"message": "401 Unauthorized"}}[provider]
            return self.answer(401, body)
        path = self.path.split("?")[0]
        if not path.startswith(PREFIX + "/"):
            return self.answer(404, {"message": "Not Found"})
        path = path[len(PREFIX):]
        if provider == "gitlab":
            return self.gitlab(path, raw)
        return self.github_or_gitea(path, raw)

    def authorized(self):
        if provider == "github":
            return self.headers.get("Authorization") == "Bearer " + token
        if provider == "gitea":
            return self.headers.get("Authorization") == "token " + token
        return self.headers.get("PRIVATE-TOKEN") == token

    def body_json(self, raw):
        try:
            value = json.loads(raw)
            return value if isinstance(value, dict) else None
        except ValueError:
            return None

    def invalid(self, message):
        if provider == "gitlab":
            return self.answer(400, {"error": message})
        return self.answer(422, {"message": "Validation Failed", "errors": [{"message": message}],
                                 "documentation_url": "https://docs.github.com/rest"})

    def github_or_gitea(self, path, raw):
        owner, name = repo.split("/")
        base = "/repos/%s/%s" % (owner, name)
        if not path.startswith(base + "/"):
            return self.answer(404, {"message": "Not Found"})
        rest = path[len(base):]
        m = re.fullmatch(r"/statuses/([0-9a-f]{40})", rest)
        if m and self.command == "POST":
            body = self.body_json(raw)
            states = ["error", "failure", "pending", "success"] + (["warning"] if provider == "gitea" else [])
            if body is None or body.get("state") not in states:
                return self.invalid("state is not one of %s" % states)
            if not isinstance(body.get("context"), str) or not isinstance(body.get("description"), str):
                return self.invalid("context and description are required strings")
            if provider == "github" and len(body["description"]) > 140:
                return self.invalid("description is too long (maximum is 140 characters)")
            extra = set(body) - {"state", "context", "description", "target_url"}
            if extra:
                return self.invalid("unknown fields %s" % sorted(extra))
            status = {"id": next_id(), "context": body["context"], "description": body["description"],
                      "target_url": body.get("target_url"), "created_at": now(), "updated_at": now()}
            status["state" if provider == "github" else "status"] = body["state"]
            state["statuses"].append(status)
            return self.answer(201, status)
        m = re.fullmatch(r"/issues/(\d+)/comments", rest)
        if m and self.command == "GET":
            return self.answer(200, state["comments"].get(m.group(1), []))
        if m and self.command == "POST":
            return self.add_comment(m.group(1), raw)
        m = re.fullmatch(r"/issues/comments/(\d+)", rest)
        if m and self.command == "PATCH":
            return self.edit_comment(int(m.group(1)), raw)
        return self.answer(404, {"message": "Not Found"})

    def gitlab(self, path, raw):
        encoded = repo.replace("/", "%2F")
        base = "/projects/" + encoded
        if not path.startswith(base + "/"):
            return self.answer(404, {"message": "404 Project Not Found"})
        rest = path[len(base):]
        m = re.fullmatch(r"/statuses/([0-9a-f]{40})", rest)
        if m and self.command == "POST":
            body = self.body_json(raw)
            if body is None or body.get("state") not in ["pending", "running", "success", "failed", "canceled"]:
                return self.invalid("state does not have a valid value")
            extra = set(body) - {"state", "name", "description", "target_url", "ref", "context", "coverage", "pipeline_id"}
            if extra:
                return self.invalid("unknown fields %s" % sorted(extra))
            status = {"id": next_id(), "sha": m.group(1), "status": body["state"], "name": body.get("name", "default"),
                      "description": body.get("description"), "target_url": body.get("target_url"),
                      "created_at": now(), "allow_failure": False}
            state["statuses"].append(status)
            return self.answer(201, status)
        m = re.fullmatch(r"/merge_requests/(\d+)/notes", rest)
        if m and self.command == "GET":
            return self.answer(200, state["comments"].get(m.group(1), []))
        if m and self.command == "POST":
            return self.add_comment(m.group(1), raw)
        m = re.fullmatch(r"/merge_requests/(\d+)/notes/(\d+)", rest)
        if m and self.command == "PUT":
            return self.edit_comment(int(m.group(2)), raw)
        return self.answer(404, {"message": "404 Not found"})

    def add_comment(self, number, raw):
        body = self.body_json(raw)
        if body is None or not isinstance(body.get("body"), str) or not body["body"]:
            return self.invalid("body is missing")
        if provider == "github" and len(body["body"]) > 65536:
            return self.invalid("body is too long (maximum is 65536 characters)")
        comment = {"id": next_id(), "body": body["body"], "created_at": now(), "updated_at": now()}
        state["comments"].setdefault(number, []).append(comment)
        return self.answer(201, comment)

    def edit_comment(self, comment_id, raw):
        body = self.body_json(raw)
        if body is None or not isinstance(body.get("body"), str):
            return self.invalid("body is missing")
        for comments in state["comments"].values():
            for comment in comments:
                if comment["id"] == comment_id:
                    comment["body"] = body["body"]
                    comment["updated_at"] = now()
                    return self.answer(200, comment)
        return self.answer(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any

server = HTTPServer(("127.0.0.1", 0), Handler)
with open(folder + "/port.tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(folder + "/port.tmp", folder + "/port")
server.serve_forever()
"""#
}
