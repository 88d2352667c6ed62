/// The hypervisor's `docker` block.
public struct DockerSettings: Sendable, Hashable {
    /// Portainer server image.
    public var portainerServerImage: String?
    /// Portainer agent image.
    public var portainerAgentImage: String?
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        portainerServerImage = context.string(object, "portainer_server_image", at: pointer)
        portainerAgentImage = context.string(object, "portainer_agent_image", at: pointer)
        origin = context.origin(pointer, location)
    }
}
