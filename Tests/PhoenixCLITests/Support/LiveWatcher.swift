import Foundation
import PhoenixTesting

#if canImport(Glibc)
    import Glibc
#endif

/// The built `phoenix-gitops watch --listen` as a child process (posix_spawn, so it sees signals as under
/// systemd), on a loopback port found free, reached over real HTTP with `curl`.
final class LiveWatcher {
    let process: BackgroundProcess
    let port: Int

    /// Starts the watcher with `arguments(listen)` and waits (bounded) until `/healthz` answers. A port
    /// taken between the check and the bind makes the watcher exit: it is tried again on another one.
    init(
        arguments: (String) -> [String], environment: [String: String], in directory: URL, log: URL,
        attempts: Int = 3
    ) throws {
        var lastLog = ""
        for _ in 0..<attempts {
            guard let candidate = LoopbackPort.free() else { continue }
            let child = try BackgroundProcess(
                Binary.path, arguments("127.0.0.1:\(candidate)"), environment: environment, logURL: log, in: directory)
            if child.wait(until: { Self.get(port: Int(candidate), "/healthz")?.status == 200 }, timeout: 60) {
                process = child
                port = Int(candidate)
                return
            }
            lastLog = child.log
            child.stop()
        }
        throw FixtureFailure("the watcher did not start listening: \(lastLog)")
    }

    deinit {
        process.stop()
    }

    /// Everything the watcher logged so far.
    var log: String { process.log }

    /// Polls `condition` every 50 ms until it holds (true), the watcher exits or `timeout` passes.
    func wait(timeout: TimeInterval = 120, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            if !process.isRunning { return try condition() }
            usleep(50_000)
        }
        return try condition()
    }

    /// `GET path` on the watcher: status and body, nil when nothing answered.
    func get(_ path: String) -> (status: Int, body: String)? {
        Self.get(port: port, path)
    }

    /// `POST path` with `body` and `headers` (`Name: value`).
    func post(_ path: String, body: String, headers: [String] = []) -> (status: Int, body: String)? {
        Self.request(port: port, path, extra: ["-X", "POST", "--data-binary", body] + headers.flatMap { ["-H", $0] })
    }

    /// The value of one sample of `/metrics` (`name{labels} value`), nil when absent.
    func metric(_ name: String, _ labels: [(String, String)] = []) -> Double? {
        guard let text = get("/metrics")?.body else { return nil }
        let series = labels.isEmpty ? name : "\(name){" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// `/status` decoded as a JSON object, nil while unavailable.
    func status() -> [String: Any]? {
        guard let answer = get("/status"), answer.status == 200 else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any]
    }

    /// SIGTERM (as `systemctl stop` sends), then waits up to `timeout` for the exit status (nil when the
    /// watcher did not exit by itself in time or died of a signal).
    func terminate(timeout: TimeInterval = 120) -> Int32? {
        process.send(SIGTERM)
        return process.waitForExit(timeout: timeout)
    }

    static func get(port: Int, _ path: String) -> (status: Int, body: String)? {
        request(port: port, path, extra: [])
    }

    /// One request with curl (bounded to 10 s); the status code is written after the body.
    static func request(port: Int, _ path: String, extra: [String]) -> (status: Int, body: String)? {
        let marker = "\n--phoenix-http-status:"
        guard
            let result = try? TestProcess.run(
                "curl", ["-sS", "--noproxy", "*", "--max-time", "10", "-w", marker + "%{http_code}"] + extra
                    + ["http://127.0.0.1:\(port)\(path)"], timeout: 20),
            result.succeeded, let range = result.stdout.range(of: marker, options: .backwards),
            let status = Int(result.stdout[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return (status, String(result.stdout[..<range.lowerBound]))
    }
}
