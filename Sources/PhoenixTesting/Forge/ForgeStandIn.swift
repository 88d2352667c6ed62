public import Foundation

/// A forge (GitHub, Gitea or GitLab REST API) and incoming-webhook receivers on 127.0.0.1, run by
/// `python3` from ``ForgeStandInScript``: a real HTTP peer for the notification contract tests.
public final class ForgeStandIn: Sendable {
    /// One request the stand-in received.
    public struct Request: Sendable, Hashable {
        /// `GET`, `POST`, ...
        public var method: String
        /// Path with query.
        public var path: String
        /// Headers, names lower-cased.
        public var headers: [String: String]
        /// The raw body.
        public var body: String

        /// The body as a JSON object (nil when it is not one).
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    /// `github`, `gitea` or `gitlab`.
    public let provider: String
    /// The token it accepts.
    public let token: String
    /// `owner/name` (or GitLab's project path) it serves.
    public let repository: String
    /// Its port.
    public let port: Int
    private let folder: URL
    private let process: BackgroundProcess

    /// Starts a stand-in for `provider` in `folder` (created), accepting `token` for `repository`.
    public init(provider: String, token: String, repository: String, folder: URL) throws {
        self.provider = provider
        self.token = token
        self.repository = repository
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("forge.py")
        try Data(ForgeStandInScript.source.utf8).write(to: script)
        process = try BackgroundProcess(
            "python3", [script.path, provider, token, repository, folder.path], logURL: folder.appendingPathComponent("forge.log"))
        let portFile = folder.appendingPathComponent("port")
        guard process.wait(until: { FileManager.default.fileExists(atPath: portFile.path) }, timeout: 30),
            let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text)
        else {
            process.stop()
            throw ForgeStandInError(message: "the forge stand-in did not start: \(process.log)")
        }
        self.port = port
    }

    deinit {
        process.stop()
    }

    /// The API base a client is configured with: `http://127.0.0.1:PORT` + `/api/v1` (Gitea) or
    /// `/api/v4` (GitLab).
    public var apiURL: String {
        "http://127.0.0.1:\(port)" + (provider == "gitea" ? "/api/v1" : provider == "gitlab" ? "/api/v4" : "")
    }

    /// An incoming-webhook receiver's URL.
    public func hookURL(_ name: String) -> String { "http://127.0.0.1:\(port)/hooks/\(name)" }

    /// Every request so far, in order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("requests.jsonl"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
            return Request(
                method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                headers: object["headers"] as? [String: String] ?? [:], body: object["body"] as? String ?? "")
        }
    }

    /// Queues failure answers, used in order before any normal answer (each only for paths containing
    /// `match`, when given).
    public func fail(_ faults: [Fault]) throws {
        let file = folder.appendingPathComponent("faults.json")
        var existing = (try? JSONSerialization.jsonObject(with: Data(contentsOf: file))) as? [[String: Any]] ?? []
        existing += faults.map(\.object)
        try JSONSerialization.data(withJSONObject: existing).write(to: file)
    }

    /// One queued failure answer.
    public struct Fault: Sendable {
        /// Status code.
        public var status: Int
        /// Extra headers (`Retry-After`).
        public var headers: [String: String]
        /// JSON body (as a JSON text).
        public var body: String
        /// Only for paths containing this.
        public var match: String?

        /// Creates a fault.
        public init(status: Int, headers: [String: String] = [:], body: String = "{}", match: String? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.match = match
        }

        var object: [String: Any] {
            var out: [String: Any] = [
                "status": status, "headers": headers,
                "body": (try? JSONSerialization.jsonObject(with: Data(body.utf8))) ?? [:],
            ]
            if let match { out["match"] = match }
            return out
        }
    }
}

/// The forge stand-in could not start.
public struct ForgeStandInError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
