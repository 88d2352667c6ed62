import Foundation

/// Seeded byte-level mutations for the parser fuzz tests (ADR 0019): the same seed gives the same
/// inputs on every machine, so a failure is reproduced from its seed and iteration alone.
///
/// The mutations are libFuzzer's usual ones (bit flips, byte changes, erasing, duplicating and
/// splicing ranges) plus tokens that parsers of JSON, YAML and form bodies treat specially.
public struct Mutator: Sendable {
    private var state: UInt64

    /// A mutator starting at `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Tokens worth inserting: structure, escapes, YAML anchors/aliases/tags, numbers at the edges.
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000", "\\ud800", "&a ", "*a", "<<: *a", "!!python/object",
        "? ", "- ", "---\n", "...\n", "\t", "\r\n", "#", "%", "%2", "+", "=", "&", "payload=", "1e999999",
        "-0", "18446744073709551616", "0x", "null", "true", "\u{2028}", "\u{FEFF}", "\u{FFFD}", "\\n",
        "refs/heads/main", "0000000000000000000000000000000000000000",
    ].map { Array($0.utf8) }

    /// The next pseudo-random number (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    /// `input` with one to four mutations; `others` are splice donors.
    public mutating func mutate(_ input: [UInt8], splicing others: [[UInt8]] = []) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let at = bytes.isEmpty ? 0 : below(bytes.count)
            switch below(9) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= UInt8(1 << below(8))
            case 1 where !bytes.isEmpty:
                bytes[at] = UInt8(truncatingIfNeeded: next())
            case 2:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: min(at, bytes.count))
            case 3 where !bytes.isEmpty:
                let length = min(1 + below(16), bytes.count - at)
                bytes.removeSubrange(at..<(at + length))
            case 4 where !bytes.isEmpty:
                let length = min(1 + below(64), bytes.count - at)
                let copy = Array(bytes[at..<(at + length)])
                bytes.insert(contentsOf: copy, at: below(bytes.count + 1))
            case 5, 6:
                let token = Self.tokens[below(Self.tokens.count)]
                bytes.insert(contentsOf: token, at: min(at, bytes.count))
            case 7 where !others.isEmpty:
                let donor = others[below(others.count)]
                guard !donor.isEmpty else { continue }
                let start = below(donor.count)
                let length = min(1 + below(256), donor.count - start)
                bytes.insert(contentsOf: donor[start..<(start + length)], at: min(at, bytes.count))
            case 8 where !bytes.isEmpty:
                // Repeat one byte many times: deep nesting, long numbers, long strings.
                let count = 1 + below(2_000)
                bytes.insert(contentsOf: repeatElement(bytes[at], count: count), at: at)
            default:
                bytes.append(UInt8(truncatingIfNeeded: next()))
            }
        }
        return bytes
    }
}
