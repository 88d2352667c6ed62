import Foundation

/// The recursive-descent core of `JSONParser`, over bytes already checked to be valid UTF-8.
///
/// It tracks line and column as it advances (columns count Unicode scalars: every byte that is not a
/// UTF-8 continuation byte starts a new column), and the JSON pointer of the value being parsed, so
/// duplicate-key issues can name their member.
struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var position = 0
    private var line = 1
    private var column = 1
    /// The value being parsed, as keys and array indexes: turned into a pointer only for an issue (an
    /// index is kept as a number, so a large array costs no string per element).
    private var path: [PathToken] = []
    private var issues: [JSONParseIssue] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: position) }
    private var atEnd: Bool { position >= bytes.count }

    mutating func parseDocument() throws(JSONParseError) -> JSONDocument {
        var hadBOM = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            hadBOM = true
            position = 3
            issues.append(
                JSONParseIssue(
                    severity: .warning, code: "utf8-bom", location: location, pointer: .root,
                    message: "file starts with a UTF-8 byte order mark (RFC 8259 forbids it); save it without the BOM"))
        }
        skipWhitespace()
        guard !atEnd else { throw failure(.empty, "no JSON value: the file is empty") }
        let root = try parseValue(depth: 0)
        skipWhitespace()
        guard atEnd else { throw failure(.trailingContent, "unexpected \(describeCurrent()) after the top-level value") }
        return JSONDocument(root: root, issues: issues, hadByteOrderMark: hadBOM)
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard !atEnd else { throw failure(.unexpectedEnd, "unexpected end of file: expected a value") }
        let start = location
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return JSONValue(.string(try parseString()), location: start)
        case UInt8(ascii: "t"): try expectLiteral("true"); return JSONValue(.bool(true), location: start)
        case UInt8(ascii: "f"): try expectLiteral("false"); return JSONValue(.bool(false), location: start)
        case UInt8(ascii: "n"): try expectLiteral("null"); return JSONValue(.null, location: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(.number(try parseNumber()), location: start)
        default:
            throw failure(.unexpectedCharacter, "unexpected \(describeCurrent()): expected a value")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = location
        guard depth <= maxDepth else {
            throw failure(.nestingTooDeep(limit: maxDepth), "arrays/objects nested deeper than \(maxDepth) levels")
        }
        advanceASCII()
        var elements: [JSONValue] = []
        skipWhitespace()
        if !atEnd && bytes[position] == UInt8(ascii: "]") {
            advanceASCII()
            return JSONValue(.array(elements), location: start)
        }
        while true {
            path.append(.index(elements.count))
            elements.append(try parseValue(depth: depth))
            path.removeLast()
            skipWhitespace()
            guard !atEnd else {
                throw failure(.unexpectedEnd, "unexpected end of file: the array opened at \(start) is not closed")
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                advanceASCII()
                skipWhitespace()
            case UInt8(ascii: "]"):
                advanceASCII()
                return JSONValue(.array(elements), location: start)
            default:
                throw failure(.unexpectedCharacter, "unexpected \(describeCurrent()) in array: expected ',' or ']'")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = location
        guard depth <= maxDepth else {
            throw failure(.nestingTooDeep(limit: maxDepth), "arrays/objects nested deeper than \(maxDepth) levels")
        }
        advanceASCII()
        var object = JSONObject()
        skipWhitespace()
        if !atEnd && bytes[position] == UInt8(ascii: "}") {
            advanceASCII()
            return JSONValue(.object(object), location: start)
        }
        while true {
            guard !atEnd else {
                throw failure(.unexpectedEnd, "unexpected end of file: the object opened at \(start) is not closed")
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw failure(.unexpectedCharacter, "unexpected \(describeCurrent()) in object: expected a \"key\"")
            }
            let keyLocation = location
            let key = try parseString()
            skipWhitespace()
            guard !atEnd else {
                throw failure(.unexpectedEnd, "unexpected end of file: the object opened at \(start) is not closed")
            }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw failure(.unexpectedCharacter, "unexpected \(describeCurrent()) after key \"\(key)\": expected ':'")
            }
            advanceASCII()
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            if let first = object.member(key) {
                recordDuplicate(key: key, first: first, again: keyLocation, value: value)
            }
            path.removeLast()
            object.set(JSONMember(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            guard !atEnd else {
                throw failure(.unexpectedEnd, "unexpected end of file: the object opened at \(start) is not closed")
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                advanceASCII()
                skipWhitespace()
            case UInt8(ascii: "}"):
                advanceASCII()
                return JSONValue(.object(object), location: start)
            default:
                throw failure(.unexpectedCharacter, "unexpected \(describeCurrent()) in object: expected ',' or '}'")
            }
        }
    }

    private mutating func recordDuplicate(key: String, first: JSONMember, again: SourceLocation, value: JSONValue) {
        let pointer = JSONPointer(tokens: path.map(\.token))
        if first.value == value {
            issues.append(
                JSONParseIssue(
                    severity: .warning, code: "duplicate-key-identical", location: again, pointer: pointer,
                    relatedLocation: first.keyLocation,
                    message: "key \"\(key)\" appears twice with the same value (first at \(first.keyLocation), "
                        + "again at \(again)); delete one"))
        } else {
            issues.append(
                JSONParseIssue(
                    severity: .error, code: "duplicate-key", location: again, pointer: pointer,
                    relatedLocation: first.keyLocation,
                    message: "key \"\(key)\" appears twice with different values (first at \(first.keyLocation), "
                        + "again at \(again)); readers disagree on which wins, keep only the intended one"))
        }
    }

    // MARK: Scalars

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = location
        advanceASCII()
        // Most strings have no escape: they are made from the bytes in place, with no buffer.
        var cursor = position
        var columns = 0
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<cursor]), as: UTF8.self)
                column += columns + 1
                position = cursor + 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte & 0xC0 != 0x80 { columns += 1 }
            cursor += 1
        }
        // An escape, a control character or the end of the file: the careful path from the start.
        var buffer: [UInt8] = []
        var segmentStart = position
        while true {
            guard !atEnd else {
                throw failure(.unexpectedEnd, "unexpected end of file: the string opened at \(start) is not closed")
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<position]))
                advanceASCII()
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<position]))
                try parseEscape(into: &buffer)
                segmentStart = position
            case 0x00..<0x20:
                let name = String(format: "U+%04X", byte)
                throw failure(
                    .controlCharacterInString,
                    "raw control character \(name) inside the string opened at \(start); escape it (e.g. \\n, \\t)")
            default:
                position += 1
                if byte & 0xC0 != 0x80 { column += 1 }
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let start = location
        advanceASCII()
        guard !atEnd else { throw failure(.unexpectedEnd, "unexpected end of file inside an escape sequence") }
        let escape = bytes[position]
        let simple: UInt8?
        switch escape {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw JSONParseError(
                kind: .invalidEscape, location: start,
                message: "invalid escape \\\(describeScalar(at: position)) in string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
        advanceASCII()
        if let simple {
            buffer.append(simple)
            return
        }
        var scalarValue = try parseHex4(escapeStart: start)
        if (0xD800...0xDBFF).contains(scalarValue) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw JSONParseError(
                    kind: .invalidEscape, location: start,
                    message: "\\u escape is a lone high surrogate; it must be followed by a \\u low surrogate")
            }
            advanceASCII()
            advanceASCII()
            let low = try parseHex4(escapeStart: start)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(
                    kind: .invalidEscape, location: start,
                    message: "\\u escape is a high surrogate not followed by a low surrogate")
            }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalarValue) {
            throw JSONParseError(
                kind: .invalidEscape, location: start, message: "\\u escape is a lone low surrogate")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw JSONParseError(kind: .invalidEscape, location: start, message: "\\u escape is not a Unicode scalar")
        }
        buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private mutating func parseHex4(escapeStart: SourceLocation) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard !atEnd else { throw failure(.unexpectedEnd, "unexpected end of file inside a \\u escape") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONParseError(
                    kind: .invalidEscape, location: escapeStart, message: "\\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            advanceASCII()
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let startPosition = position
        let start = location
        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        var cursor = position
        if bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
        guard isDigit(cursor) else {
            throw JSONParseError(kind: .invalidNumber, location: start, message: "invalid number: expected a digit after '-'")
        }
        if bytes[cursor] == UInt8(ascii: "0") {
            cursor += 1
            if isDigit(cursor) {
                throw JSONParseError(kind: .invalidNumber, location: start, message: "invalid number: leading zero")
            }
        } else {
            while isDigit(cursor) { cursor += 1 }
        }
        if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            guard isDigit(cursor) else {
                throw JSONParseError(kind: .invalidNumber, location: start, message: "invalid number: expected a digit after '.'")
            }
            while isDigit(cursor) { cursor += 1 }
        }
        if cursor < bytes.count && (bytes[cursor] == UInt8(ascii: "e") || bytes[cursor] == UInt8(ascii: "E")) {
            cursor += 1
            if cursor < bytes.count && (bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-")) {
                cursor += 1
            }
            guard isDigit(cursor) else {
                throw JSONParseError(kind: .invalidNumber, location: start, message: "invalid number: expected an exponent")
            }
            while isDigit(cursor) { cursor += 1 }
        }
        column += cursor - position
        position = cursor
        return JSONNumber(literal: String(decoding: UnsafeBufferPointer(rebasing: bytes[startPosition..<cursor]), as: UTF8.self))
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = location
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard !atEnd else { throw failure(.unexpectedEnd, "unexpected end of file inside '\(word)'") }
            guard bytes[position] == byte else {
                throw JSONParseError(
                    kind: .unexpectedCharacter, location: start,
                    message: "unexpected \(describeCurrent()): expected '\(word)' (JSON literals are lower-case, strings need quotes)")
            }
            advanceASCII()
        }
    }

    // MARK: Movement

    private mutating func advanceASCII() {
        position += 1
        column += 1
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09:
                advanceASCII()
            case 0x0A:
                position += 1
                line += 1
                column = 1
            case 0x0D:
                position += 1
                // CR LF is one line break: the LF that follows does the counting.
                if position < bytes.count && bytes[position] == 0x0A { continue }
                line += 1
                column = 1
            default:
                return
            }
        }
    }

    // MARK: Errors

    private func failure(_ kind: JSONParseError.Kind, _ message: String) -> JSONParseError {
        JSONParseError(kind: kind, location: location, message: message)
    }

    private func describeCurrent() -> String {
        atEnd ? "end of file" : "character \(describeScalar(at: position))"
    }

    /// The scalar starting at `index`, quoted, or its code for invisible characters.
    private func describeScalar(at index: Int) -> String {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let end = min(index + length, bytes.count)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "?" }
        if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F {
            return String(format: "U+%04X", scalar.value)
        }
        return "'\(text)'"
    }
}

extension JSONScanner {
    /// One step of the path to the value being parsed.
    fileprivate enum PathToken {
        case key(String)
        case index(Int)

        /// The token as a JSON pointer has it.
        var token: String {
            switch self {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }
    }
}
