import Foundation
import Logging
import PhoenixDrivers
import PhoenixEngine

extension Reconciler {
    /// How long a run waits for the cluster-wide lease when it was given no lock timeout: cfs_lock's
    /// own default (pve-cluster `Cluster.pm`), short because the holder is applying and the next poll
    /// tries again.
    static let leaseWait: Duration = .seconds(10)

    /// Runs `body` holding the watcher's own lock (waiting at most `timeout`) and, when `takesLease`, the
    /// driver's cluster-wide lease after it; both are released when `body` returns, whatever it did. A run
    /// that cannot start gets `refused` with its outcome: `lockBusy` (exit 75) when another run or another
    /// watcher holds one, `failedToStart` when the lock or the cluster cannot be had. The one frame of
    /// every run, drift check, time-driven run and control (ADR 0050).
    func underRunLocks<T>(
        timeout: Duration?, takesLease: Bool = true, logger: Logger, refused: (RunOutcome) -> T, _ body: () async -> T
    ) async -> T {
        let lock: RunLock
        do {
            lock = try await RunLock.acquire(in: stateDirectory, timeout: timeout)
        } catch EngineError.lockBusy(let path, let holder, let waited) {
            let error = EngineError.lockBusy(path: path, holder: holder, waitedSeconds: waited)
            logger.warning("run not started: \(error)")
            return refused(.lockBusy("\(error)"))
        } catch {
            logger.error("run not started: \(error)")
            return refused(.failedToStart("\(error)"))
        }
        defer { lock.release() }
        var lease: (any RunLease)?
        if takesLease {
            switch await takeLease(timeout: timeout, logger: logger) {
            case .success(let held): lease = held
            case .failure(let refusal): return refused(refusal.outcome)
            }
        }
        defer { lease?.release() }
        return await body()
    }

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
