import Logging
import Synchronization

/// A logger that only lets critical lines through (tests exercise failures on purpose).
let quietLogger: Logger = {
    var logger = Logger(label: "phoenix-test.watch")
    logger.logLevel = .critical
    return logger
}()

/// Records the delays a watcher asked to sleep.
final class DelayRecorder: Sendable {
    private let delays = Mutex<[Double]>([])
    func append(_ seconds: Double) { delays.withLock { $0.append(seconds) } }
    var values: [Double] { delays.withLock { $0 } }
}
