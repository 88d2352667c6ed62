/// A benchmark that cannot go on, or found a wrong result (exit status 1).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
