import Foundation
import PhoenixDrivers

/// The certificates on the target against their entries, judged exactly as the apply decides to
/// renew (`RenewalReason`, at `context.now`): missing, unreadable, another CN or other SANs, or inside
/// the renewal window is drift. A copy pushed into a guest that differs from the host's file is drift
/// too. No diffs: a key file is a secret, and a certificate's bytes say nothing a person can read.
///
/// Files are real on every driver, so this works on the local driver as well, with one exception
/// (ADR 0005): there the issuer is only journalled, so a missing certificate is `unobserved`, not
/// drifted.
struct CertificateObserver {
    let context: StageContext
    /// Renew when the certificate expires within this many seconds.
    let renewBefore: Double

    /// The difference for one entry, if any.
    func observe(_ intent: CertificateIntent) async -> [DriftItem] {
        let driver = context.driver
        let object = "certificate \(intent.certPath)"
        let existing: Data?
        do {
            existing = try await driver.readFile(intent.certPath, at: .host)
        } catch {
            return [GuestObservation.failed(.host, object: object, error, driver: driver)]
        }
        var items: [DriftItem] = []
        if existing == nil, !driver.observesGuests {
            items.append(
                .unobserved(
                    .host, object,
                    "\(intent.commonName): no certificate file (the local driver only journals the issuer)"))
        } else if let reason = RenewalReason.decide(
            intent, existing: existing, now: context.now, renewBefore: renewBefore, entryChanged: false)
        {
            items.append(.drifted(.host, object, "\(intent.commonName): \(reason)"))
        }
        if let delivery = intent.delivery, delivery.mode == .push {
            items += await observeCopies(intent, delivery)
        }
        return items
    }

    private func observeCopies(_ intent: CertificateIntent, _ delivery: CertificateIntent.Delivery) async -> [DriftItem] {
        let driver = context.driver
        var items: [DriftItem] = []
        for (hostPath, guestPath) in [(intent.certPath, delivery.certPath), (intent.keyPath, delivery.keyPath)] {
            if let stopped = await GuestObservation.unavailable(delivery.location, object: guestPath, driver: driver) {
                items.append(stopped)
                continue
            }
            do {
                guard let bytes = try await driver.readFile(hostPath, at: .host) else { continue }
                let copy = try await driver.readFile(guestPath, at: delivery.location)
                if copy == nil {
                    items.append(.drifted(delivery.location, guestPath, "\(intent.commonName): the copy of \(hostPath) is missing"))
                } else if copy != bytes {
                    items.append(.drifted(delivery.location, guestPath, "\(intent.commonName): the copy differs from \(hostPath) on the host"))
                }
            } catch {
                items.append(GuestObservation.failed(delivery.location, object: guestPath, error, driver: driver))
            }
        }
        return items
    }
}
