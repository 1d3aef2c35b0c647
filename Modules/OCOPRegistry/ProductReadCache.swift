import Foundation
import OCOPPluginKit

/// Product reads served from memory: each product's JSON as the API sends it (full and
/// published), and result pages of product lists without a search text.
///
/// Kept exact by the host's event feed: every registry write publishes an event keyed
/// `product:N` or `subject:N` in its transaction, and the feed reports it after this host's own
/// commits (before the writer's response) and within one poll for other hosts and commands. A
/// product entry is dropped when its product or subject changes; every list page when any
/// product or subject does. What a request read while a change was being reported is not kept.
/// A product's standing depends on the day, so entries are kept for the day they were read.
final class ProductReadCache: @unchecked Sendable {
    struct Product {
        let provinceCode: String
        let communeCode: String
        let subjectID: Int64
        let active: Bool
        let day: String
        var full: Data?
        var published: Data?

        var size: Int { (full?.count ?? 0) + (published?.count ?? 0) }
    }

    struct ListKey: Hashable {
        let filter: ProductStore.Filter
        let area: Scope.Area
    }

    /// Bytes of JSON kept before everything is dropped and refilled (0 turns the cache off).
    let budget: Int
    private let lock = NSLock()
    private var feed: EventFeed?
    private var products: [Int64: Product] = [:]
    private var lists: [ListKey: Data] = [:]
    private var inflight: [ListKey: Task<Data, any Error>] = [:]
    private var bytes = 0
    private var today: (day: String, until: ContinuousClock.Instant)?

    init(budgetBytes: Int) {
        budget = budgetBytes
    }

    /// Starts keeping reads once the host's feed runs (commands and bare contexts never cache).
    func attach(_ feed: EventFeed) {
        guard budget > 0 else { return }
        feed.observe { [weak self] changes in self?.forget(changes) }
        lock.withLock { self.feed = feed }
    }

    /// The feed position a read starts at, or nil when nothing may be kept.
    var readPosition: Int64? {
        lock.withLock { feed }?.position
    }

    // MARK: products

    /// The cached response body for `id` as `scope` sees it; nil on a miss. `.some(nil)`: the
    /// product exists but `scope` may not see it (404).
    func product(_ id: Int64, scope: Scope) -> Data?? {
        let day = currentDay()
        return lock.withLock { () -> Data?? in
            guard let entry = products[id], entry.day == day else { return nil }
            if scope.seesFully(province: entry.provinceCode, commune: entry.communeCode, subjectID: entry.subjectID) {
                return entry.full.map { .some($0) }
            }
            guard entry.active else { return .some(nil) }
            return entry.published.map { .some($0) }
        }
    }

    /// Keeps the body a read produced, unless the feed moved since `position` (a change was
    /// reported while reading: the read may predate it).
    func keep(_ record: ProductRecord, body: Data, fully: Bool, readAt position: Int64?) {
        guard let position else { return }
        let day = currentDay()
        lock.withLock {
            guard feed?.position == position else { return }
            makeRoom(for: body.count)
            var entry = products[record.id] ?? Product(
                provinceCode: record.provinceCode, communeCode: record.communeCode, subjectID: record.subjectID,
                active: record.status == ProductStatus.active.rawValue, day: day)
            if entry.day != day {
                bytes -= entry.size
                entry = Product(provinceCode: entry.provinceCode, communeCode: entry.communeCode, subjectID: entry.subjectID,
                                active: entry.active, day: day)
            }
            bytes += body.count - ((fully ? entry.full : entry.published)?.count ?? 0)
            if fully { entry.full = body } else { entry.published = body }
            products[record.id] = entry
        }
    }

    /// Remembers that `id` is not visible to the public (a draft): answers 404 without reading.
    func keepHidden(_ record: ProductRecord, readAt position: Int64?) {
        guard let position, record.status != ProductStatus.active.rawValue else { return }
        let day = currentDay()
        lock.withLock {
            guard feed?.position == position, products[record.id] == nil else { return }
            products[record.id] = Product(provinceCode: record.provinceCode, communeCode: record.communeCode, subjectID: record.subjectID,
                                          active: false, day: day)
        }
    }

    // MARK: lists

    func list(_ key: ListKey) -> Data? {
        lock.withLock { lists[key] }
    }

    /// Runs `read` once for all callers missing `key` at the same time.
    func reading(_ key: ListKey, _ read: @escaping @Sendable () async throws -> Data) async throws -> Data {
        let task = lock.withLock { () -> Task<Data, any Error> in
            if let running = inflight[key] { return running }
            let task = Task { try await read() }
            inflight[key] = task
            return task
        }
        defer { lock.withLock { if inflight[key] == task { inflight[key] = nil } } }
        return try await task.value
    }

    func keep(_ key: ListKey, body: Data, readAt position: Int64?) {
        guard let position else { return }
        lock.withLock {
            guard feed?.position == position else { return }
            makeRoom(for: body.count)
            bytes += body.count - (lists[key]?.count ?? 0)
            lists[key] = body
        }
    }

    // MARK: forgetting

    private func forget(_ changes: [EventFeed.Change]) {
        var productIDs: [Int64] = []
        var subjectIDs: Set<Int64> = []
        for change in changes {
            if let id = Self.id(change.recordKey, prefix: "product:") { productIDs.append(id) }
            else if let id = Self.id(change.recordKey, prefix: "subject:") { subjectIDs.insert(id) }
        }
        guard !productIDs.isEmpty || !subjectIDs.isEmpty else { return }
        lock.withLock {
            for id in productIDs { if let gone = products.removeValue(forKey: id) { bytes -= gone.size } }
            if !subjectIDs.isEmpty {
                for (id, entry) in products where subjectIDs.contains(entry.subjectID) {
                    products[id] = nil
                    bytes -= entry.size
                }
            }
            bytes -= lists.values.reduce(0) { $0 + $1.count }
            lists.removeAll()
        }
    }

    private static func id(_ key: String, prefix: String) -> Int64? {
        key.hasPrefix(prefix) ? Int64(key.dropFirst(prefix.count)) : nil
    }

    /// Called with the lock held. A full cache starts over: cheaper than tracking recency on
    /// every read, and the hot entries come back on their next read.
    private func makeRoom(for count: Int) {
        guard bytes + count > budget else { return }
        products.removeAll(keepingCapacity: true)
        lists.removeAll(keepingCapacity: true)
        bytes = 0
    }

    /// Vietnam's calendar day, recomputed at most once a second.
    private func currentDay() -> String {
        let now = ContinuousClock.now
        if let today = lock.withLock({ today }), now < today.until { return today.day }
        let day = Clock.today()
        lock.withLock { today = (day, now + .seconds(1)) }
        return day
    }
}
