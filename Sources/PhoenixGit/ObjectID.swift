import Clibgit2

/// The SHA-1 id of a git object, held as 40 lowercase hex digits.
///
/// Codable as its hex string, so it can sit in JSON state files as is.
public struct ObjectID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The full id: 40 lowercase hex digits.
    public let hex: String

    /// Parses a full 40-digit hex id (either case); nil for anything else.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == Int(GIT_OID_HEXSZ),
              lowered.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.hex = lowered
    }

    /// The 7-digit abbreviation git shows by default (not guaranteed unique; for display only).
    public var short: String { String(hex.prefix(7)) }

    /// The full hex id.
    public var description: String { hex }

    /// Orders ids by their hex digits, which gives a stable order for sets of ids.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    /// Decodes from a 40-digit hex string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a 40-digit hex object id: \(text.prefix(50))")
        }
        self = id
    }

    /// Encodes as the 40-digit hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    // MARK: - libgit2 boundary

    /// Copies a `git_oid` out of libgit2 memory. The bytes are formatted here rather than with
    /// `git_oid_tostr_s`, whose result lives in a thread-local static buffer.
    init(_ oid: git_oid) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        withUnsafeBytes(of: oid.id) { bytes in
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// Copies an id from a borrowed `const git_oid *` (nil only for a libgit2 bug; then the zero id).
    init(_ pointer: UnsafePointer<git_oid>?) {
        self.init(pointer?.pointee ?? git_oid())
    }

    /// The id as a `git_oid` value for passing to libgit2.
    var oid: git_oid {
        var result = git_oid()
        var bytes = [UInt8](repeating: 0, count: 20)
        let utf8 = Array(hex.utf8)
        for index in 0..<20 {
            bytes[index] = Self.nibble(utf8[2 * index]) << 4 | Self.nibble(utf8[2 * index + 1])
        }
        withUnsafeMutableBytes(of: &result.id) { raw in
            raw.copyBytes(from: bytes)
        }
        return result
    }

    private static func nibble(_ ascii: UInt8) -> UInt8 {
        ascii <= 0x39 ? ascii - 0x30 : ascii - 0x61 + 10
    }
}
