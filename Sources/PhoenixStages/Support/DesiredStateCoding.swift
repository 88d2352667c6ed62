import Foundation
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

    /// The canonical bytes of `value`.
    static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The desired-state types hold only strings, integers, booleans, arrays and string-keyed
        // dictionaries, which JSONEncoder always encodes; the fallback is unreachable in practice.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return data + Data("\n".utf8)
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
