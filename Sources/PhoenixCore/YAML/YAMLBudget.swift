import CYaml
import Foundation

/// The cost a YAML document may have once its aliases are expanded, checked on libyaml's event stream
/// before anything builds a tree (ADR 0019).
///
/// A compose file may use anchors (`x-common: &c`, `<<: *c`); what it may not do is make the parser's
/// users walk 10⁹ nodes from a 450-byte file ("billion laughs"). Yams resolves an alias to the anchored
/// node, so the composed tree stays small; every walk of it (conversion, substitution, re-emission, and
/// Yams's own duplicate-key check, which hashes whole keys) visits the expanded tree. The check counts,
/// in one pass over the events, what that tree would hold: each alias adds the node count and scalar
/// bytes recorded for its anchor. It uses memory for the open collections and one entry per anchor only.
public struct YAMLBudget: Sendable, Hashable {
    /// Most nodes (scalars, sequences, mappings) of the expanded document.
    public var maxNodes: Int
    /// Most scalar bytes of the expanded document.
    public var maxExpandedBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int

    /// Creates a budget.
    public init(maxNodes: Int, maxExpandedBytes: Int, maxDepth: Int) {
        self.maxNodes = maxNodes
        self.maxExpandedBytes = maxExpandedBytes
        self.maxDepth = maxDepth
    }

    /// The defaults of ``InputLimits``.
    public static let `default` = InputLimits.default.yamlBudget

    /// What the expanded document costs.
    struct Cost {
        var nodes = 0
        var bytes = 0

        mutating func add(_ other: Cost) {
            nodes = Self.sum(nodes, other.nodes)
            bytes = Self.sum(bytes, other.bytes)
        }

        /// Saturating: a count past `Int.max` stays there instead of trapping.
        static func sum(_ a: Int, _ b: Int) -> Int {
            let (value, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : value
        }
    }

    /// Throws `yaml-too-large` (with the line:column where the budget ran out) when `text` is over
    /// budget. Syntax errors are left to the parser that runs afterwards: they return normally here.
    public func check(_ text: String) throws(YAMLParseError) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLParseError(code: "yaml-too-large", location: .start, message: "the YAML parser could not start")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLParseError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            try walk(&parser)
        }
    }

    private func walk(_ parser: inout yaml_parser_t) throws(YAMLParseError) {
        // One running cost per open collection; the anchor it will be recorded under, if any.
        var open: [(cost: Cost, anchor: String?)] = []
        var anchors: [String: Cost] = [:]
        var total = Cost()
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return }  // syntax: the parser reports it
            defer { yaml_event_delete(&event) }
            let mark = SourceLocation(
                line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                offset: Int(event.start_mark.index))
            var leaf: Cost?
            var leafAnchor: String?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                leaf = Cost(nodes: 1, bytes: Int(event.data.scalar.length))
                leafAnchor = Self.string(event.data.scalar.anchor)
            case YAML_ALIAS_EVENT:
                // An undefined alias is the composer's error; it costs nothing here.
                leaf = Self.string(event.data.alias.anchor).flatMap { anchors[$0] } ?? Cost()
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = Self.string(
                    event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                        : event.data.mapping_start.anchor)
                open.append((Cost(nodes: 1, bytes: 0), anchor))
                if open.count > maxDepth {
                    throw YAMLParseError(
                        code: "yaml-too-large", location: mark,
                        message: "YAML nested deeper than \(maxDepth) levels; not parsed (limits.max_yaml_depth)")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { continue }
                leaf = closed.cost
                leafAnchor = closed.anchor
            default:
                continue
            }
            guard let leaf else { continue }
            if let leafAnchor { anchors[leafAnchor] = leaf }
            if open.isEmpty {
                total.add(leaf)
            } else {
                open[open.count - 1].cost.add(leaf)
            }
            // Everything counted so far, open collections included, is part of the document.
            var counted = total
            for entry in open { counted.add(entry.cost) }
            if counted.nodes > maxNodes {
                throw YAMLParseError(
                    code: "yaml-too-large", location: mark,
                    message: "YAML expands to more than \(maxNodes) nodes (aliases counted at every use); "
                        + "not parsed (limits.max_yaml_nodes)")
            }
            if counted.bytes > maxExpandedBytes {
                throw YAMLParseError(
                    code: "yaml-too-large", location: mark,
                    message: "YAML expands to more than \(maxExpandedBytes) bytes of scalars (aliases counted at "
                        + "every use); not parsed (limits.max_yaml_expanded_bytes)")
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
