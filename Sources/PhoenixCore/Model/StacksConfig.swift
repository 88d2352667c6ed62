/// The optional `phoenix_stacks_config.json`: `docker_stacks.<name>` definitions.
public struct StacksConfig: Sendable, Hashable {
    /// Stack definitions in file order.
    public var stacks: [StackDefinition]
    /// The whole document.
    public var json: JSONValue

    /// The definition for stack `name`.
    public func stack(_ name: String) -> StackDefinition? {
        stacks.first { $0.name == name }
    }

    init?(_ value: JSONValue, context: ModelContext) {
        guard let object = context.object(value, at: .root) else { return nil }
        stacks = []
        if let (stacksValue, stacksPointer, _) = context.child(object, "docker_stacks", at: .root),
            let stacksObject = stacksValue.objectValue
        {
            for member in stacksObject.members {
                if let definition = StackDefinition(
                    name: member.key, value: member.value, pointer: stacksPointer.appending(member.key),
                    location: member.keyLocation, context: context)
                {
                    stacks.append(definition)
                }
            }
        }
        json = value
    }
}
