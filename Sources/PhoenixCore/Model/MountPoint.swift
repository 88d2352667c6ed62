/// An LXC bind mount (`mount_points[]`).
public struct MountPoint: Sendable, Hashable {
    /// Path on the host.
    public var hostPath: String?
    /// Path in the container.
    public var containerPath: String?
    /// Owner uid to set on the host path.
    public var ownerUID: Int?
    /// Owner gid to set on the host path.
    public var ownerGID: Int?
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, context: ModelContext) {
        guard let object = context.object(value, at: pointer) else { return nil }
        hostPath = context.string(object, "host_path", at: pointer)
        containerPath = context.string(object, "container_path", at: pointer)
        ownerUID = context.int(object, "owner_uid", at: pointer)
        ownerGID = context.int(object, "owner_gid", at: pointer)
        origin = context.origin(pointer, value.location)
    }
}
