import Foundation

/// A strict RFC 8259 JSON parser that records the line:column of every value and key.
///
/// Written for config validation, where Foundation's `JSONSerialization` falls short: it gives no
/// positions, and it silently keeps the last of two duplicate keys. This parser
/// - rejects inputs over `options.maxBytes` before looking at them,
/// - reports invalid UTF-8 at the exact byte (as line:column),
/// - accepts a UTF-8 BOM with a warning (positions stay those an editor shows),
/// - bounds nesting (`options.maxDepth`) so hostile input cannot overflow the stack,
/// - reports duplicate keys: identical values as a warning, different values as an error naming both
///   positions (the last value is kept, as `jq` does).
public enum JSONParser {
    /// Parses `data` into a located document, or throws the first syntax error with its position.
    public static func parse(_ data: Data, options: JSONParserOptions = .default) throws(JSONParseError) -> JSONDocument {
        guard data.count <= options.maxBytes else {
            throw JSONParseError(
                kind: .tooLarge(size: data.count, limit: options.maxBytes), location: .start,
                message: "file is \(data.count) bytes, over the limit of \(options.maxBytes) bytes; not parsed")
        }
        let bytes = [UInt8](data)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONDocument in
            if let bad = UTF8Validation.firstInvalidOffset(in: buffer) {
                let location = SourceLocation.of(offset: bad, in: buffer)
                throw JSONParseError(
                    kind: .invalidUTF8, location: location,
                    message: String(format: "invalid UTF-8 byte 0x%02X at byte offset %d", buffer[bad], bad))
            }
            var scanner = JSONScanner(bytes: buffer, maxDepth: options.maxDepth)
            return try scanner.parseDocument()
        }
    }

    /// Parses a string (convenience for tests and tools).
    public static func parse(_ text: String, options: JSONParserOptions = .default) throws(JSONParseError) -> JSONDocument {
        try parse(Data(text.utf8), options: options)
    }
}
