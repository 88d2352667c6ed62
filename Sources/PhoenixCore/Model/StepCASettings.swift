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
    /// The CA's URL (`https://ca.example:9000`), `ca_url`.
    public var caURL: String?
    /// Host file holding the provisioner's password (a path, never the password), `provisioner_password_file`.
    public var provisionerPasswordFile: String?
    /// Host path of the root CA certificate, `root_ca_path`.
    public var rootCAPath: String?
    /// Requested certificate lifetime as the issuer takes it (`24h`), `certificate_validity`.
    public var certificateValidity: String?
    /// Renew this long before expiry (`8h`), `renew_before`.
    public var renewBefore: String?
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        rootCAName = context.string(object, "root_ca_name", at: pointer)
        intermediateCAName = context.string(object, "intermediate_ca_name", at: pointer)
        dnsName = context.string(object, "dns_name", at: pointer)
        provisionerName = context.string(object, "provisioner_name", at: pointer)
        caURL = context.string(object, "ca_url", at: pointer)
        provisionerPasswordFile = context.string(object, "provisioner_password_file", at: pointer)
        rootCAPath = context.string(object, "root_ca_path", at: pointer)
        certificateValidity = context.string(object, "certificate_validity", at: pointer)
        renewBefore = context.string(object, "renew_before", at: pointer)
        origin = context.origin(pointer, location)
    }
}
