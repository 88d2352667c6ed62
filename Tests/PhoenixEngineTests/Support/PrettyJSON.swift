import Foundation
import PhoenixCore

/// Writes a `JSONValue` the way the example files are written (Python's `json.dumps(indent=4,
/// ensure_ascii=False)` plus a newline), keeping key order, so an edit made through it changes only
/// the lines a person editing the file would change.
enum PrettyJSON {
    static func text(_ value: JSONValue, indent: Int = 4) -> String {
        var out = ""
        write(value, level: 0, indent: indent, into: &out)
        return out + "\n"
    }

    private static func write(_ value: JSONValue, level: Int, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: (level + 1) * indent)
        let closing = String(repeating: " ", count: level * indent)
        switch value.kind {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += number.literal
        case .string(let text): out += quoted(text)
        case .array(let elements):
            guard !elements.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += pad
                write(element, level: level + 1, indent: indent, into: &out)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .object(let object):
            guard !object.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += pad + quoted(member.key) + ": "
                write(member.value, level: level + 1, indent: indent, into: &out)
                out += index == object.members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Path edits on a `JSONValue` for scripted commits: tokens are object keys or array indices.
extension JSONValue {
    /// The value with `path` set to `newValue` (nil removes it). Missing objects on the way are created.
    func setting(_ path: [String], to newValue: JSONValue?) -> JSONValue {
        guard let first = path.first else { return newValue ?? .init(.null) }
        let rest = Array(path.dropFirst())
        switch kind {
        case .array(var elements):
            guard let index = Int(first), index >= 0, index <= elements.count else { return self }
            if index == elements.count {
                if let newValue, rest.isEmpty { elements.append(newValue) }
            } else if rest.isEmpty && newValue == nil {
                elements.remove(at: index)
            } else {
                elements[index] = elements[index].setting(rest, to: newValue)
            }
            return JSONValue(.array(elements), location: location)
        case .object(let object):
            var members = object.members
            if let position = members.firstIndex(where: { $0.key == first }) {
                if rest.isEmpty && newValue == nil {
                    members.remove(at: position)
                } else {
                    members[position].value = members[position].value.setting(rest, to: newValue)
                }
            } else if let newValue {
                let child = rest.isEmpty ? newValue : JSONValue(.object(JSONObject())).setting(rest, to: newValue)
                members.append(JSONMember(key: first, value: child))
            }
            return JSONValue(.object(JSONObject(members: members)), location: location)
        default:
            return self
        }
    }

    /// The value with `element` appended to the array at `path`.
    func appending(_ element: JSONValue, at path: [String]) -> JSONValue {
        guard let array = value(at: JSONPointer(tokens: path))?.arrayValue else { return self }
        return setting(path + [String(array.count)], to: element)
    }

    /// An object with its keys sorted (recursively): a "reformat" a tool could make.
    func sortedKeys() -> JSONValue {
        switch kind {
        case .object(let object):
            let members = object.members.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: $0.value.sortedKeys()) }
            return JSONValue(.object(JSONObject(members: members)))
        case .array(let elements):
            return JSONValue(.array(elements.map { $0.sortedKeys() }))
        default:
            return self
        }
    }

    /// Parses JSON text (test input; a parse failure is a test bug).
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Data(text.utf8)).root
    }
}
