/// A JSON number that keeps its literal text, so nothing is lost to floating point
/// (`1.10` stays `1.10`, a 64-bit id stays exact), with `Int` and `Double` views.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written in the source, e.g. `-12`, `0.50`, `1e3`.
    public let literal: String
    /// The value as a `Double` (always available for a valid JSON number; may be `±infinity` for huge exponents).
    public let doubleValue: Double
    /// The value as an `Int` when the literal is an integer that fits (`8000`), otherwise `nil` (`0.5`, `1e3`).
    public let intValue: Int?

    /// Creates a number from a literal that is already known to follow the JSON number grammar.
    public init(literal: String) {
        self.literal = literal
        self.doubleValue = Double(literal) ?? .nan
        self.intValue = Int(literal)
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.init(literal: String(value))
    }

    /// The literal text.
    public var description: String { literal }

    /// Numbers are equal when their values are equal, whatever the spelling (`1.0 == 1`, `1e2 == 100`).
    /// Two integers are compared exactly; otherwise their `Double` values are compared.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if let left = lhs.intValue, let right = rhs.intValue { return left == right }
        return lhs.doubleValue == rhs.doubleValue
    }

    /// Hashes the `Double` value, consistent with `==` (integers that compare equal have equal doubles).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}
