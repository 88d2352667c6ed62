import Foundation

/// `phoenix-gitops watch` as a long-running child: started, observed through its log and the
/// repository, stopped with SIGTERM, and its exit status read back.
final class Daemon {
    private let process = Process()
    let logURL: URL

    init(_ arguments: [String], in directory: URL, environment: [String: String], logURL: URL) throws {
        self.logURL = logURL
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
    }

    var log: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }
    var isRunning: Bool { process.isRunning }

    /// Polls `condition` every 50 ms until it holds, the daemon exits, or `timeout` passes.
    func wait(until condition: () throws -> Bool, timeout: TimeInterval = 90) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            if !process.isRunning { return try condition() }
            usleep(50_000)
        }
        return try condition()
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status (nil when killed by a signal).
    func terminate() -> Int32? {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
