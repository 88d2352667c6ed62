import Foundation
import PhoenixCore
import PhoenixDrivers

/// The canonical form of `desiredState` artifacts: pretty-printed JSON with sorted keys and a final
/// newline, so the planner's digest changes only when the intent changes and `plan` shows a readable
/// line diff. The apply decodes the same bytes, so what is applied is exactly what was rendered.
enum DesiredStateCoding {
    /// The artifact holding `value` under the stable name `name` (e.g. `swarm/cluster`).
    static func artifact<Value: Encodable>(
        _ value: Value, stage: StageID, location: Location, name: String
    ) -> Artifact {
        Artifact(stage: stage, location: location, path: name, contents: encode(value), kind: .desiredState)
    }

    /// The canonical bytes of `value`: JSONEncoder's sorted compact output, re-printed with a fixed
    /// layout (2-space indent, `"key": value`, `{}`/`[]` when empty) so the text does not depend on the
    /// platform's pretty-printer.
    static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The desired-state types hold only strings, integers, booleans, arrays and string-keyed
        // dictionaries, which JSONEncoder always encodes and our parser always reads back; the
        // fallbacks are unreachable in practice.
        guard let compact = try? encoder.encode(value), let document = try? JSONParser.parse(compact) else {
            return Data("null\n".utf8)
        }
        var text = ""
        print(document.root, indent: "", into: &text)
        return Data((text + "\n").utf8)
    }

    private static func print(_ value: JSONValue, indent: String, into text: inout String) {
        let inner = indent + "  "
        switch value.kind {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += number.literal
        case .string(let string): text += quoted(string)
        case .array(let elements):
            guard !elements.isEmpty else {
                text += "[]"
                return
            }
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                print(element, indent: inner, into: &text)
                text += index + 1 < elements.count ? ",\n" : "\n"
            }
            text += indent + "]"
        case .object(let object):
            guard !object.isEmpty else {
                text += "{}"
                return
            }
            text += "{\n"
            for (index, member) in object.members.enumerated() {
                text += inner + quoted(member.key) + ": "
                print(member.value, indent: inner, into: &text)
                text += index + 1 < object.count ? ",\n" : "\n"
            }
            text += indent + "}"
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t` or `\u00XX`.
    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Decodes a desired-state artifact this stage rendered.
    static func decode<Value: Decodable>(_ type: Value.Type, from artifact: Artifact) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: artifact.contents)
        } catch {
            throw StageError.failed(
                artifact.stage, "desired state \(artifact.path) is not what this stage renders (\(error)); re-render it")
        }
    }
}
