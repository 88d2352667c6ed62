/// PhoenixCore: the config model, loading from bytes, validation with exact locations, and the
/// semantic JSON diff. It knows nothing about git or the host.
public enum PhoenixCoreInfo {
    /// The version of phoenix-gitops, shared by every module that reports it.
    public static let version = "0.1.0"
}
