/// The hypervisor's `step_ca` block.
public struct StepCASettings: Sendable, Hashable {
    /// Root CA name.
    public var rootCAName: String?
    /// Intermediate CA name.
    public var intermediateCAName: String?
    /// DNS name of the CA.
    public var dnsName: String?
    /// ACME/JWK provisioner name.
    public var provisionerName: String?
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        rootCAName = context.string(object, "root_ca_name", at: pointer)
        intermediateCAName = context.string(object, "intermediate_ca_name", at: pointer)
        dnsName = context.string(object, "dns_name", at: pointer)
        provisionerName = context.string(object, "provisioner_name", at: pointer)
        origin = context.origin(pointer, location)
    }
}
