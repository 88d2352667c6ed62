import Foundation
import PhoenixCore

/// One single edit of a configuration for the render-all oracle: a JSON leaf changed, an array
/// element added or removed, a key renamed, or a stack file touched, added or deleted.
struct OracleEdit: CustomStringConvertible {
    enum Operation {
        /// A scalar gets another value of its own type (string + "x", number + 1, bool flipped, null → "x").
        case changeValue
        /// A copy of the array's last element is appended (`"x"` for an empty array).
        case appendElement
        /// The element at the pointer is removed.
        case removeElement
        /// The member at the pointer gets the key `<key>_x`.
        case renameKey
        /// A line is appended to the file.
        case touchFile
        /// The file is deleted.
        case deleteFile
        /// A new file appears next to the one named.
        case addFile
    }

    var file: String
    var pointer: JSONPointer
    var operation: Operation

    var description: String {
        switch operation {
        case .touchFile, .deleteFile, .addFile: "\(operation) \(file)"
        default: "\(operation) \(file)#\(pointer)"
        }
    }

    /// Every edit of `files` the oracle knows: one per JSON leaf, array, array element and object
    /// member of every `.json` file, and three per other stack file.
    static func all(in files: [String: Data], documents: [String: JSONValue]) -> [OracleEdit] {
        var edits: [OracleEdit] = []
        for path in files.keys.sorted() {
            if let root = documents[path] {
                collect(root, at: .root, file: path, into: &edits)
            } else if !path.hasPrefix("config/") {
                edits += [.touchFile, .deleteFile, .addFile].map { OracleEdit(file: path, pointer: .root, operation: $0) }
            }
        }
        return edits
    }

    private static func collect(_ value: JSONValue, at pointer: JSONPointer, file: String, into edits: inout [OracleEdit]) {
        switch value.kind {
        case .object(let object):
            for member in object.members {
                let child = pointer.appending(member.key)
                edits.append(OracleEdit(file: file, pointer: child, operation: .renameKey))
                collect(member.value, at: child, file: file, into: &edits)
            }
        case .array(let elements):
            edits.append(OracleEdit(file: file, pointer: pointer, operation: .appendElement))
            for (index, element) in elements.enumerated() {
                let child = pointer.appending(index)
                edits.append(OracleEdit(file: file, pointer: child, operation: .removeElement))
                collect(element, at: child, file: file, into: &edits)
            }
        default:
            edits.append(OracleEdit(file: file, pointer: pointer, operation: .changeValue))
        }
    }

    /// `files` with this edit applied; JSON files are written with `OracleJSON.text`.
    func apply(to files: [String: Data], documents: [String: JSONValue]) -> [String: Data] {
        var result = files
        switch operation {
        case .touchFile:
            result[file] = (files[file] ?? Data()) + Data("\n# touched by the oracle\n".utf8)
        case .deleteFile:
            result[file] = nil
        case .addFile:
            let folder = (file as NSString).deletingLastPathComponent
            result[folder + "/oracle-added.txt"] = Data("added by the oracle\n".utf8)
        default:
            guard let root = documents[file] else { return files }
            result[file] = Data(OracleJSON.text(Self.edited(root, tokens: pointer.tokens[...], operation: operation)).utf8)
        }
        return result
    }

    private static func edited(_ value: JSONValue, tokens: ArraySlice<String>, operation: Operation) -> JSONValue {
        guard let token = tokens.first else {
            switch (operation, value.kind) {
            case (.changeValue, .string(let text)): return JSONValue(.string(text + "x"))
            case (.changeValue, .number(let number)):
                return JSONValue(.number(JSONNumber(literal: number.intValue.map { String($0 + 1) } ?? "\(number.doubleValue + 1)")))
            case (.changeValue, .bool(let flag)): return JSONValue(.bool(!flag))
            case (.changeValue, .null): return JSONValue(.string("x"))
            case (.appendElement, .array(let elements)): return JSONValue(.array(elements + [elements.last ?? JSONValue(.string("x"))]))
            default: return value
            }
        }
        let rest = tokens.dropFirst()
        switch value.kind {
        case .object(let object):
            var members: [JSONMember] = []
            for member in object.members {
                if member.key != token {
                    members.append(member)
                } else if rest.isEmpty, operation == .renameKey {
                    members.append(JSONMember(key: member.key + "_x", value: member.value))
                } else {
                    members.append(JSONMember(key: member.key, value: edited(member.value, tokens: rest, operation: operation)))
                }
            }
            return JSONValue(.object(JSONObject(members: members)))
        case .array(var elements):
            guard let index = JSONPointer.arrayIndex(token), elements.indices.contains(index) else { return value }
            if rest.isEmpty, operation == .removeElement {
                elements.remove(at: index)
            } else {
                elements[index] = edited(elements[index], tokens: rest, operation: operation)
            }
            return JSONValue(.array(elements))
        default:
            return value
        }
    }
}

/// Writes a `JSONValue` back as text, keys in their order, numbers with their literal spelling: the
/// oracle's base and edited files are both written this way, so they differ only by the edit.
enum OracleJSON {
    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: JSONValue, indent: String, into out: inout String) {
        switch value.kind {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += number.literal
        case .string(let text): quote(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += indent + "  "
                write(element, indent: indent + "  ", into: &out)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let object):
            guard !object.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += indent + "  "
                quote(member.key, into: &out)
                out += ": "
                write(member.value, indent: indent + "  ", into: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// A small seeded generator (SplitMix64), so a sample of edits is the same on every machine.
struct OracleRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
