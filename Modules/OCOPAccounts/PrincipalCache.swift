import Foundation
import OCOPPluginKit

/// Token hash → principal for at most `lifetime` seconds, so an authenticated request
/// usually costs no database query.
///
/// Revocations and deactivations made in this process (the API) remove entries at once; ones
/// made by another process (another host, the command line) take effect within `lifetime`.
final class PrincipalCache: @unchecked Sendable {
    struct Entry {
        let principal: Principal
        let validUntil: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func principal(forTokenHash hash: String, now: Date = Date()) -> Principal? {
        lock.withLock {
            guard let entry = entries[hash] else { return nil }
            guard entry.validUntil > now else {
                entries[hash] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Caches until `lifetime` from now or the token's own expiry, whichever comes first.
    func store(_ principal: Principal, forTokenHash hash: String, tokenExpiresAt: Date, now: Date = Date()) {
        let entry = Entry(principal: principal, validUntil: min(now.addingTimeInterval(lifetime), tokenExpiresAt))
        lock.withLock {
            if entries.count >= capacity, entries[hash] == nil {
                entries = entries.filter { $0.value.validUntil > now }
                // Still full of live entries: start over rather than track recency; a miss only costs a query.
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[hash] = entry
        }
    }

    func remove(tokenHash hash: String) {
        lock.withLock { entries[hash] = nil }
    }

    func remove(userID: Int64) {
        lock.withLock { entries = entries.filter { $0.value.principal.userID != userID } }
    }

    var count: Int { lock.withLock { entries.count } }
}
