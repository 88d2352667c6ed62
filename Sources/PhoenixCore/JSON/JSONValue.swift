import Foundation

/// A parsed JSON value that knows where it came from.
///
/// Equality and hashing compare *values only*: locations, key order and number spelling
/// (`1.0` vs `1`) are ignored, so two differently formatted documents with the same data are equal.
public struct JSONValue: Sendable, Hashable {
    /// The shape and content of a value.
    public enum Kind: Sendable, Hashable {
        /// `null`
        case null
        /// `true` / `false`
        case bool(Bool)
        /// A number, with its literal text.
        case number(JSONNumber)
        /// A string (escapes decoded).
        case string(String)
        /// An array.
        case array([JSONValue])
        /// An object with ordered, unique keys.
        case object(JSONObject)
    }

    /// The value.
    public var kind: Kind
    /// Where the value starts (its first character) in the source.
    public var location: SourceLocation

    /// Creates a value; values built in code get the start-of-file location.
    public init(_ kind: Kind, location: SourceLocation = .start) {
        self.kind = kind
        self.location = location
    }

    /// Compares values only (see the type documentation).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.kind == rhs.kind }

    /// Hashes the value only.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    // MARK: Typed views

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    /// The number, if this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = kind { return value }
        return nil
    }

    /// The integer, if this is a number written as an integer that fits in `Int`.
    public var intValue: Int? { numberValue?.intValue }

    /// The `Double`, if this is a number.
    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = kind { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = kind { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// A short type name for messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member value for `key` when this is an object.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The value that `pointer` designates, or `nil` when a token does not exist.
    public func value(at pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current.kind {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = JSONPointer.arrayIndex(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The best location for `pointer`: the key's location when the last token names an object member
    /// (that is where an editor should jump), the value's location otherwise, or the location of the
    /// deepest existing ancestor when the pointer does not exist.
    public func location(of pointer: JSONPointer) -> SourceLocation {
        var current = self
        var best = location
        for token in pointer.tokens {
            switch current.kind {
            case .object(let object):
                guard let member = object.member(token) else { return best }
                best = member.keyLocation
                current = member.value
            case .array(let array):
                guard let index = JSONPointer.arrayIndex(token), array.indices.contains(index) else { return best }
                current = array[index]
                best = current.location
            default:
                return best
            }
        }
        return best
    }

    /// The value as Foundation-style objects (`NSNull`, `Bool`, `Int`/`Double`, `String`, `[Any]`,
    /// `[String: Any]`), for comparing with `JSONSerialization` and for interop.
    public var foundationValue: Any {
        switch kind {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let number): return number.intValue.map { $0 as Any } ?? number.doubleValue
        case .string(let value): return value
        case .array(let values): return values.map(\.foundationValue)
        case .object(let object):
            var dictionary: [String: Any] = [:]
            for member in object.members { dictionary[member.key] = member.value.foundationValue }
            return dictionary
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    public init(stringLiteral value: String) { self.init(.string(value)) }
    /// An integer value.
    public init(integerLiteral value: Int) { self.init(.number(JSONNumber(value))) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
    /// An array value.
    public init(arrayLiteral elements: JSONValue...) { self.init(.array(elements)) }
    /// An object value, keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(.object(JSONObject(members: elements.map { JSONMember(key: $0.0, value: $0.1) })))
    }
    /// `null`.
    public init(nilLiteral: ()) { self.init(.null) }
}
