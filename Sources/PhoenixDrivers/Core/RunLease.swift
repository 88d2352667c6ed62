/// What a driver holds for the length of one run (``HostDriver/beginRun(timeout:)``): today the
/// Proxmox driver's cluster-wide pmxcfs lock. Released exactly once, when the run ends, whatever its
/// outcome; a process that dies without releasing it loses it when pmxcfs expires it.
public protocol RunLease: Sendable {
    /// Stops refreshing the lease and gives it up.
    func release()
}
