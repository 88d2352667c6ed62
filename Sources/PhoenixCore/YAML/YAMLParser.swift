import Foundation
import Yams

/// Parses YAML (docker-compose files) with Yams, keeping libyaml's line:column for nodes and errors.
///
/// Every parse first checks the document against a ``YAMLBudget`` (expanded nodes, expanded scalar
/// bytes, nesting), so no caller ever walks an alias bomb (ADR 0019).
public enum YAMLParser {
    /// Parses the first document of `data`. Returns `nil` for an empty document.
    public static func parse(
        _ data: Data, maxBytes: Int = 16 * 1024 * 1024, budget: YAMLBudget = .default
    ) throws(YAMLParseError) -> YAMLValue? {
        let text = try decode(data, maxBytes: maxBytes)
        try budget.check(text)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error)
        } catch {
            throw YAMLParseError(code: "yaml-syntax", location: nil, message: "\(error)")
        }
        return node.map(convert)
    }

    /// Parses `data` into a Yams `Node` (for renderers that edit and re-emit YAML).
    public static func parseNode(
        _ data: Data, maxBytes: Int = 16 * 1024 * 1024, budget: YAMLBudget = .default
    ) throws(YAMLParseError) -> Node? {
        let text = try decode(data, maxBytes: maxBytes)
        try budget.check(text)
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error)
        } catch {
            throw YAMLParseError(code: "yaml-syntax", location: nil, message: "\(error)")
        }
    }

    private static func decode(_ data: Data, maxBytes: Int) throws(YAMLParseError) -> String {
        guard data.count <= maxBytes else {
            throw YAMLParseError(
                code: "file-too-large", location: .start,
                message: "file is \(data.count) bytes, over the limit of \(maxBytes) bytes; not parsed")
        }
        let bytes = [UInt8](data)
        let invalid = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
        if let invalid {
            throw YAMLParseError(
                code: "invalid-utf8", location: SourceLocation.of(offset: invalid, in: bytes),
                message: String(format: "invalid UTF-8 byte 0x%02X at byte offset %d", bytes[invalid], invalid))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func convert(_ error: YamlError) -> YAMLParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            return YAMLParseError(code: "yaml-syntax", location: location(mark), message: message)
        case .reader(let problem, _, _, _):
            return YAMLParseError(code: "yaml-syntax", location: nil, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLParseError(
                code: "yaml-duplicate-key", location: location(context.mark),
                message: "duplicate mapping keys: \(duplicates.joined(separator: ", "))")
        default:
            return YAMLParseError(code: "yaml-syntax", location: nil, message: "\(error)")
        }
    }

    private static func location(_ mark: Mark) -> SourceLocation {
        // Yams marks are 1-based already; the byte offset is not exposed, so it is left at 0.
        SourceLocation(line: mark.line, column: mark.column, offset: 0)
    }

    private static func convert(_ node: Node) -> YAMLValue {
        let location = node.mark.map(location) ?? .start
        switch node {
        case .scalar(let scalar):
            return YAMLValue(.scalar(scalar.string, tag: node.tag.description), location: location)
        case .sequence(let sequence):
            return YAMLValue(.sequence(sequence.map(convert)), location: location)
        case .mapping(let mapping):
            return YAMLValue(
                .mapping(mapping.map { YAMLPair(key: convert($0.key), value: convert($0.value)) }), location: location)
        case .alias:
            // compose() resolves aliases to their anchored node, so this case does not occur in parsed input.
            return YAMLValue(.scalar("", tag: "tag:yaml.org,2002:null"), location: location)
        }
    }
}
