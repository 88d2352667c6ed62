/// A stack's environments, from `phoenix_stacks_config.json` (`docker_stacks.<name>`) or from a
/// stack's own `phoenix.json` manifest (same shape).
public struct StackDefinition: Sendable, Hashable {
    /// Stack name.
    public var name: String
    /// Free text.
    public var description: String?
    /// Environments in file order.
    public var environments: [StackEnvironment]
    /// Where the compose file is, relative to the configuration's base folder (`compose_file_path`,
    /// the October 2025 layout; read only in the stacks config, not in `phoenix.json` manifests).
    public var composeFilePath: String?
    /// Where it is.
    public var origin: ValueOrigin
    /// The definition's JSON.
    public var json: JSONValue

    /// The environment called `name` (sync only ever used `production`).
    public func environment(_ name: String) -> StackEnvironment? {
        environments.first { $0.name == name }
    }

    init?(name: String, value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = context.object(value, at: pointer) else { return nil }
        self.name = name
        description = context.string(object, "description", at: pointer)
        composeFilePath = context.string(object, "compose_file_path", at: pointer)
        environments = []
        if let (environmentsValue, environmentsPointer, _) = context.child(object, "environments", at: pointer),
            let environmentsObject = environmentsValue.objectValue
        {
            for member in environmentsObject.members {
                if let environment = StackEnvironment(
                    name: member.key, value: member.value, pointer: environmentsPointer.appending(member.key),
                    location: member.keyLocation, context: context)
                {
                    environments.append(environment)
                }
            }
        }
        origin = context.origin(pointer, location)
        json = value
    }
}
