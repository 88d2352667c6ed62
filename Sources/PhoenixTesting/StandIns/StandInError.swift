/// Why a stand-in fixture could not be set up or read.
public enum StandInError: Error, Sendable, CustomStringConvertible {
    /// No python3 interpreter was found (checked /usr/bin/python3, then PATH).
    case pythonNotFound
    /// A state file could not be parsed.
    case unreadableState(file: String, reason: String)

    /// A human message.
    public var description: String {
        switch self {
        case .pythonNotFound: "stand-in tools need python3 (not found at /usr/bin/python3 or on PATH)"
        case .unreadableState(let file, let reason): "stand-in state \(file) is unreadable: \(reason)"
        }
    }
}
