import Foundation
import OCOPPluginKit
import SQLKit

/// The dashboard's panels, computed once and shared by every visitor who may see the same thing.
///
/// A panel's value is keyed by the panel, the visitor's visible area (role, province, commune,
/// subject — plus the user where the API decides per user, as for a council member's dossiers)
/// and the programme's day. It is fresh while it is younger than `ttl` **and** the outbox's
/// position (the host's `EventFeed`, or `max(id)` where no feed runs) is the one seen when it was
/// computed: every change a module publishes (a product registered or changed, a certification, a
/// dossier's step, an event) moves it, on this host or on another one sharing the database, so
/// the next view recomputes. Changes that publish nothing are seen after `ttl` at the latest.
///
/// One computation per key at a time (single flight). The view that finds its value stale starts
/// the computation and waits for it; views arriving while it runs get the previous value (at most
/// one computation old) instead of queueing behind it — during a bulk import, when the outbox
/// moves all the time, only one view per computation waits. A value that only aged out (no event
/// since) is served while it is recomputed in the background, for at most another `ttl`.
final class PanelCache: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        var panel: String
        var scope: String
        var day: String
    }

    struct Entry: Sendable {
        var value: WebValue?
        var at: Date
        var mark: Int64?
    }

    let ttl: TimeInterval
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var flights: [Key: Task<Entry, Never>] = [:]
    /// How many times a panel was computed (tests read it: concurrent views compute once).
    private(set) var computations = 0

    init(ttl: TimeInterval) {
        self.ttl = ttl
    }

    /// The visitor's visible area as the APIs scope it.
    static func scope(_ principal: Principal?, perUser: Bool) -> String {
        guard let principal else { return "anonymous" }
        var text = "\(principal.role.rawValue)|\(principal.provinceCode ?? "")|\(principal.communeCode ?? "")|\(principal.subjectID.map(String.init) ?? "")"
        if perUser { text += "|\(principal.userID)|\(principal.username)" }
        return text
    }

    /// The outbox's highest event id: one indexed read (nil when it cannot be read: then only
    /// the age counts).
    static func mark(on db: any SQLDatabase) async -> Int64? {
        guard let row = try? await db.raw("SELECT max(id) AS mark FROM \(unsafeRaw: OutboxSchema.events)").first() else { return nil }
        return (try? row.decode(column: "mark", as: Int64?.self)) ?? 0
    }

    func value(_ key: Key, mark: Int64?, compute: @escaping @Sendable () async -> WebValue?) async -> WebValue? {
        guard ttl > 0 else {
            lock.withLock { computations += 1 }
            return await compute()
        }
        let now = Date()
        enum Step { case hit(WebValue?), wait(Task<Entry, Never>) }
        let step: Step = lock.withLock {
            let entry = entries[key]
            let sameMark = entry != nil && entry?.mark == mark
            if let entry, sameMark, now.timeIntervalSince(entry.at) < ttl { return .hit(entry.value) }
            if let flight = flights[key] {
                // Someone is already computing it: the previous value rather than a queue behind
                // that computation (a view that starts one waits for it, so whoever just made a
                // change sees it; the others get a value at most one computation old).
                if let entry, now.timeIntervalSince(entry.at) < 2 * ttl { return .hit(entry.value) }
                return .wait(flight)
            }
            let flight = Task<Entry, Never> { [weak self] in
                let value = await compute()
                let entry = Entry(value: value, at: Date(), mark: mark)
                self?.store(key, entry)
                return entry
            }
            flights[key] = flight
            computations += 1
            if let entry, sameMark, now.timeIntervalSince(entry.at) < 2 * ttl { return .hit(entry.value) }
            return .wait(flight)
        }
        switch step {
        case .hit(let value): return value
        case .wait(let flight): return await flight.value.value
        }
    }

    private func store(_ key: Key, _ entry: Entry) {
        lock.withLock {
            flights[key] = nil
            entries[key] = entry
            // Bounded: drop what has aged out once the table grows (one entry per panel and area).
            if entries.count > 4096 {
                let now = Date()
                entries = entries.filter { now.timeIntervalSince($0.value.at) < 2 * ttl }
            }
        }
    }
}
