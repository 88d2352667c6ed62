import Foundation
import Logging
import PhoenixDrivers

extension Reconciler {
    /// How long a run waits for the cluster-wide lease when it was given no lock timeout: cfs_lock's
    /// own default (pve-cluster `Cluster.pm`), short because the holder is applying and the next poll
    /// tries again.
    static let leaseWait: Duration = .seconds(10)

    /// Takes the driver's run lease (a Proxmox cluster's pmxcfs lock; nothing on a single host) after the
    /// watcher's own lock: `.success(lease)` to release when the run ends, or the outcome of a run that
    /// could not start (`lockBusy` when another watcher holds it, `failedToStart` when the cluster
    /// cannot be reached).
    func takeLease(timeout: Duration?, logger: Logger) async -> Result<(any RunLease)?, LeaseRefusal> {
        do {
            return .success(try await configuration.driver.beginRun(timeout: min(timeout ?? Self.leaseWait, Self.leaseWait)))
        } catch let error as DriverError {
            if case .leaseBusy = error {
                logger.notice("run not started: \(error)")
                return .failure(LeaseRefusal(outcome: .lockBusy("\(error)")))
            }
            logger.warning("run not started: \(error)")
            return .failure(LeaseRefusal(outcome: .failedToStart("\(error)")))
        } catch {
            logger.warning("run not started: \(error)")
            return .failure(LeaseRefusal(outcome: .failedToStart("\(error)")))
        }
    }
}

/// Why a run did not get the driver's run lease.
struct LeaseRefusal: Error {
    let outcome: RunOutcome
}
