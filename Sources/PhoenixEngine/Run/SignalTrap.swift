import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGTERM and SIGINT into a callback (once per signal delivery) instead of the default death,
/// so `watch` can finish the stage in progress and exit cleanly. Keep the trap alive while it matters.
public final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Installs the trap for `signals`; `handler` gets the signal number.
    public init(_ signals: [Int32] = [SIGTERM, SIGINT], handler: @escaping @Sendable (Int32) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Restores the default action of the signals.
    public func cancel() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
    }
}
