/// A position in a source file, as a person (and an editor) counts it.
///
/// `line` and `column` are 1-based. `column` counts Unicode scalars from the start of the line, so a
/// multi-byte UTF-8 character is one column and a tab is one column (like most compilers).
/// `offset` is the 0-based byte offset in the original bytes, including a leading UTF-8 BOM
/// (the BOM itself is not counted in `column`).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// 0-based byte offset in the file.
    public var offset: Int

    /// Creates a location.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a file.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    /// `line:column`, the form used in compiler-style messages.
    public var description: String { "\(line):\(column)" }

    /// Orders by byte offset, which matches reading order.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }

    /// Computes the line and column of byte `offset` in `bytes` (used when only a byte offset is known,
    /// e.g. the first invalid UTF-8 byte). A leading BOM does not count as a column.
    public static func of(offset: Int, in bytes: some Collection<UInt8>) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        var previousWasCR = false
        var iterator = bytes.makeIterator()
        let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < offset, let byte = iterator.next() {
            defer { index += 1 }
            if index < bomLength { continue }
            switch byte {
            case 0x0A:
                if !previousWasCR { line += 1 }
                column = 1
                previousWasCR = false
            case 0x0D:
                line += 1
                column = 1
                previousWasCR = true
            default:
                previousWasCR = false
                // Continuation bytes (10xxxxxx) belong to the scalar already counted.
                if byte & 0xC0 != 0x80 { column += 1 }
            }
        }
        return SourceLocation(line: line, column: column, offset: offset)
    }
}
