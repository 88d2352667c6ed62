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

    /// The bytes behind a decoded `out-data`/`err-data` string.
    ///
    /// qm base64-decodes the agent's data into a Perl byte string and prints it with
    /// `to_json(…, utf8 => 1)` (qemu-server 7.2-4 and later, commit 3b6479ff "fix #3754", `qm.pm:1311`):
    /// every byte becomes its own code point, so "é" (C3 A9) arrives as "\u00c3\u00a9". Mapping the
    /// scalars back to bytes (ISO-8859-1) gives the original exactly. Older qemu-server printed the raw
    /// bytes, which JSON decoding turns into proper characters; a scalar above U+00FF can only come
    /// from there, and then the UTF-8 of the string is the original.
    static func bytes(_ text: String) -> Data {
        let scalars = text.unicodeScalars
        guard scalars.allSatisfy({ $0.value <= 0xFF }) else { return Data(text.utf8) }
        return Data(scalars.map { UInt8($0.value) })
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
