import Foundation

/// The JSON that `qm guest exec` prints, e.g.
/// `{"exitcode": 0, "exited": 1, "out-data": "...", "err-data": "..."}`.
///
/// When the command outlives `--timeout`, qm prints only `{"pid": 1234}` (and "timeout reached,
/// returning pid" on stderr): `exited` is absent or false and there is no exit code. That is a timeout,
/// never a success; the original script read a missing `exitcode` as 0 (phoenix-sync-reference §6 item 3).
struct GuestExecReply: Decodable, Sendable {
    var exitCode: Int32?
    var exited: Bool
    var signal: Int32?
    var outData: String
    var errData: String
    var outTruncated: Bool
    var errTruncated: Bool

    private enum CodingKeys: String, CodingKey {
        case exitCode = "exitcode"
        case exited
        case signal
        case outData = "out-data"
        case errData = "err-data"
        case outTruncated = "out-truncated"
        case errTruncated = "err-truncated"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exitCode = try Self.integer(container, .exitCode).map(Int32.init(truncatingIfNeeded:))
        signal = try Self.integer(container, .signal).map(Int32.init(truncatingIfNeeded:))
        exited = try Self.flag(container, .exited)
        outData = try container.decodeIfPresent(String.self, forKey: .outData) ?? ""
        errData = try container.decodeIfPresent(String.self, forKey: .errData) ?? ""
        outTruncated = try Self.flag(container, .outTruncated)
        errTruncated = try Self.flag(container, .errTruncated)
    }

    /// Parses qm's stdout; nil when it is not a JSON object of this shape.
    static func parse(_ data: Data) -> GuestExecReply? {
        try? JSONDecoder().decode(GuestExecReply.self, from: data)
    }

    /// Perl's JSON may print a flag as `1`/`0` or as `true`/`false`.
    private static func flag(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Bool {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return false }
        if let value = try? container.decode(Bool.self, forKey: key) { return value }
        return try container.decode(Int.self, forKey: key) != 0
    }

    private static func integer(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        return try container.decode(Int.self, forKey: key)
    }
}
