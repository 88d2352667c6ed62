/// Reads typed fields out of JSON objects for one file, collecting `wrong-type` findings instead of
/// failing: a loader must accept messy real data and report all of it in one pass.
///
/// `null` counts as absent for every optional field (the corpus writes `"api_key": null`).
/// Only used while loading, on one thread, so a class (not `Sendable`) is fine.
final class ModelContext {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func report(
        _ severity: Severity, _ code: DiagnosticCode, at pointer: JSONPointer, _ location: SourceLocation?,
        _ message: String
    ) {
        diagnostics.append(
            Diagnostic(severity: severity, code: code, file: file, pointer: pointer, location: location, message: message))
    }

    func origin(_ pointer: JSONPointer, _ location: SourceLocation) -> ValueOrigin {
        ValueOrigin(file: file, pointer: pointer, location: location)
    }

    func wrongType(_ value: JSONValue, at pointer: JSONPointer, expected: String) {
        let name = pointer.lastToken.map { "\"\($0)\"" } ?? "the document"
        report(
            .error, .wrongType, at: pointer, value.location,
            "\(name) must be \(expected), found \(value.typeName)")
    }

    /// The value as an object, reporting `wrong-type` otherwise.
    func object(_ value: JSONValue, at pointer: JSONPointer, expected: String = "an object") -> JSONObject? {
        if let object = value.objectValue { return object }
        wrongType(value, at: pointer, expected: expected)
        return nil
    }

    /// A present, non-null member.
    func member(_ object: JSONObject, _ key: String) -> JSONMember? {
        guard let member = object.member(key), !member.value.isNull else { return nil }
        return member
    }

    func field<T>(
        _ object: JSONObject, _ key: String, at pointer: JSONPointer, expected: String,
        _ convert: (JSONValue) -> T?
    ) -> T? {
        guard let member = member(object, key) else { return nil }
        if let converted = convert(member.value) { return converted }
        wrongType(member.value, at: pointer.appending(key), expected: expected)
        return nil
    }

    func string(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> String? {
        field(object, key, at: pointer, expected: "a string") { $0.stringValue }
    }

    func int(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Int? {
        field(object, key, at: pointer, expected: "an integer") { $0.intValue }
    }

    func bool(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Bool? {
        field(object, key, at: pointer, expected: "true or false") { $0.boolValue }
    }

    /// An integer written as a number or as a string of digits (ids appear both ways in real data).
    func flexibleInt(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Int? {
        field(object, key, at: pointer, expected: "an integer or a string of digits") { Self.flexibleInt($0) }
    }

    /// A string, or a number kept as its literal text (ports written as `22` instead of `"22"`).
    func stringOrNumber(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> String? {
        field(object, key, at: pointer, expected: "a string") { $0.stringValue ?? $0.numberValue?.literal }
    }

    /// An array of strings; non-string elements are reported and skipped.
    func strings(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [String] {
        guard let array = field(object, key, at: pointer, expected: "an array of strings", { $0.arrayValue }) else {
            return []
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            if let text = element.stringValue ?? element.numberValue?.literal {
                result.append(text)
            } else {
                wrongType(element, at: pointer.appending(key).appending(index), expected: "a string")
            }
        }
        return result
    }

    /// A string or an array of strings (LXC `nameservers` is a string, others use arrays).
    func stringOrStrings(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [String] {
        guard let member = member(object, key) else { return [] }
        if let text = member.value.stringValue {
            return text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        return strings(object, key, at: pointer)
    }

    /// An array member's elements with their pointers, reporting `wrong-type` when it is not an array.
    func elements(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [(JSONValue, JSONPointer)] {
        guard let array = field(object, key, at: pointer, expected: "an array", { $0.arrayValue }) else { return [] }
        let base = pointer.appending(key)
        return array.enumerated().map { ($0.element, base.appending($0.offset)) }
    }

    /// A nested object member with its pointer and origin location (the key's).
    func child(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> (JSONValue, JSONPointer, SourceLocation)? {
        guard let member = member(object, key) else { return nil }
        let childPointer = pointer.appending(key)
        guard member.value.objectValue != nil else {
            wrongType(member.value, at: childPointer, expected: "an object")
            return nil
        }
        return (member.value, childPointer, member.keyLocation)
    }

    static func flexibleInt(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return number }
        if let text = value.stringValue, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int(text)
        }
        return nil
    }
}
