import PhoenixEngine
/// A step ran before the step that provides what it needs: a mistake in a step list, never an input.
struct StepOrderError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "run steps out of order: " + description
    }
}
