/// Where a typed model value came from, so a later finding (or a stage error) can point at it.
public struct ValueOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Repository-relative path of the file.
    public var file: String
    /// JSON pointer of the value in that file.
    public var pointer: JSONPointer
    /// 1-based line of the value (for an object member: of its key).
    public var line: Int
    /// 1-based column of the value.
    public var column: Int

    /// Creates an origin.
    public init(file: String, pointer: JSONPointer, location: SourceLocation) {
        self.file = file
        self.pointer = pointer
        self.line = location.line
        self.column = location.column
    }

    /// The origin of a value built in code (tests): file "", root pointer, 1:1.
    public static let synthetic = ValueOrigin(file: "", pointer: .root, location: .start)

    /// The location as a `SourceLocation` (byte offset unknown: 0).
    public var location: SourceLocation { SourceLocation(line: line, column: column, offset: 0) }

    /// The origin of the member `key` below this one (same file; line:column unknown, so this one's).
    public func appending(_ token: String) -> ValueOrigin {
        ValueOrigin(file: file, pointer: pointer.appending(token), location: location)
    }

    /// `file:line:col [pointer]`.
    public var description: String { "\(file):\(line):\(column) [\(pointer)]" }
}
