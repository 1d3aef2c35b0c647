import Foundation
import Logging
import OCOPDomain
import OCOPPluginKit
import SQLKit
#if canImport(CMalloc)
import CMalloc
#endif

/// `q` searches answered from memory: every product's and subject's folded name and the fields
/// searches filter on, kept in Vietnamese order, so a search is one scan of the names (32 bytes at
/// a time), a walk of the rows whose name matched with the filters applied, and one read of the
/// page's rows by id. Its cost no longer grows with the matches' rows on disk (docs/benchmarks.md).
///
/// Same results as the SQL search (`ProductStore.search`, `SubjectStore.search`), which stays the
/// path whenever the model cannot answer: before it is built (the first search builds it), after
/// a change too large to patch (an import: rebuilt in the background), over its memory budget, or
/// when a page's rows changed after the model last caught up (each row read is checked against
/// the filter again). Kept current like the read cache: the host's event feed reports every
/// `product:N` / `subject:N` change, and the next search patches those rows in before answering,
/// so a host reads its own writes.
final class SearchModel: @unchecked Sendable {
    /// Bytes the model may take (0 turns it off); measured from the rows before building.
    let budget: Int
    private let lock = NSLock()
    private let rows = ReadWriteLock()
    private var tables: Tables?
    private var feed: EventFeed?
    private var pendingProducts: Set<Int64> = []
    private var pendingSubjects: Set<Int64> = []
    /// A change too large to patch was reported: the model answers nothing until rebuilt.
    private var stale = false
    private var building = false
    /// After a build refused for size, when to look again.
    private var retryAfter: ContinuousClock.Instant?
    private let applying = AsyncGate()
    private let logger = Logger(label: "ocop.registry.search-model")

    /// Changes patched at most (most change a row in place: stars, status, a notice): 20,000 or
    /// a fifth of the rows, whichever is more; more (an import) rebuild the model. Patching costs
    /// what it changes, a rebuild what the model holds (about 1 s per 100,000 products).
    private var patchLimit = 20_000
    /// Rows placed again at most in one patch (each reads back its neighbours' keys).
    static let moveLimit = 500
    /// Rows sharing a sort-key prefix that an insert may read back; more rebuild the model.
    static let rangeLimit = 4_000

    init(budgetBytes: Int) {
        budget = budgetBytes
    }

    /// Starts answering once the host's feed runs (commands and bare contexts never do).
    func attach(_ feed: EventFeed) {
        guard budget > 0 else { return }
        feed.observe { [weak self] changes in self?.note(changes) }
        lock.withLock { self.feed = feed }
    }

    // MARK: searching

    struct Hits {
        var ids: [Int64]
        var total: Int
    }

    /// The ids of the page `filter` asks for, in order, and the total; nil when the model cannot answer.
    func products(_ filter: ProductStore.Filter, query: String, scope: Scope, on database: any SQLDatabase) async -> Hits? {
        let needle = Array(VietnameseText.fold(query).utf8)
        guard !needle.isEmpty, await ready(on: database) else { return nil }
        return rows.reading { tables.map { $0.products.search(needle, filter: filter, scope: scope) } }
    }

    func subjects(_ filter: SubjectStore.Filter, query: String, scope: Scope, on database: any SQLDatabase) async throws -> Hits? {
        let needle = Array(VietnameseText.fold(query).utf8)
        guard !needle.isEmpty, await ready(on: database) else { return nil }
        // The registration number matches in capitals, as in SQL; read from its index.
        let registered = try await database.select().column("id").from(RegistrySchema.subjects)
            .where("registration_number", .equal, query.uppercased()).all().map { try $0.decode(column: "id", as: Int64.self) }
        return rows.reading { tables.map { $0.subjects.search(needle, also: Set(registered), filter: filter, scope: scope) } }
    }

    // MARK: keeping current

    private func note(_ changes: [EventFeed.Change]) {
        var products: [Int64] = []
        var subjects: [Int64] = []
        for change in changes {
            if change.recordKey.hasPrefix("product:"), let id = Int64(change.recordKey.dropFirst(8)) { products.append(id) }
            else if change.recordKey.hasPrefix("subject:"), let id = Int64(change.recordKey.dropFirst(8)) { subjects.append(id) }
        }
        guard !products.isEmpty || !subjects.isEmpty else { return }
        lock.withLock {
            guard !stale else { return }
            pendingProducts.formUnion(products)
            pendingSubjects.formUnion(subjects)
            if pendingProducts.count + pendingSubjects.count > patchLimit { markStale() }
        }
    }

    /// Called with the lock held.
    private func markStale() {
        stale = true
        pendingProducts.removeAll()
        pendingSubjects.removeAll()
    }

    /// Whether the model is current: builds it on the first search (that search waits; others
    /// meanwhile read SQL), patches reported changes in, rebuilds in the background when stale.
    private func ready(on database: any SQLDatabase) async -> Bool {
        enum Next { case no, yes, build(wait: Bool), patch }
        let next: Next = lock.withLock {
            guard feed?.position != nil else { return .no }
            if building { return .no }
            if tables == nil || stale {
                if let retryAfter, ContinuousClock.now < retryAfter { return .no }
                building = true
                return .build(wait: tables == nil && !stale)
            }
            return pendingProducts.isEmpty && pendingSubjects.isEmpty ? .yes : .patch
        }
        switch next {
        case .no: return false
        case .yes: return true
        case .build(let wait):
            let task = Task { await self.build(on: database) }
            guard wait else { return false }
            await task.value
            guard lock.withLock({ tables != nil && !stale && !building }) else { return false }
            return await patched(on: database)
        case .patch:
            return await patched(on: database)
        }
    }

    private func patched(on database: any SQLDatabase) async -> Bool {
        do {
            return try await applying.holding {
                let (products, subjects): (Set<Int64>, Set<Int64>) = self.lock.withLock {
                    defer { self.pendingProducts.removeAll(); self.pendingSubjects.removeAll() }
                    return (self.pendingProducts, self.pendingSubjects)
                }
                if products.isEmpty && subjects.isEmpty { return self.lock.withLock { !self.stale && self.tables != nil } }
                try await self.patch(products: products, subjects: subjects, on: database)
                return self.lock.withLock { !self.stale && self.tables != nil }
            }
        } catch {
            logger.warning("patching the search model failed; rebuilding it", metadata: ["error": "\(error)"])
            lock.withLock { markStale() }
            return false
        }
    }

    private func build(on database: any SQLDatabase) async {
        let started = ContinuousClock.now
        do {
            try await applying.holding {
                // Changes reported from here on are patched in afterwards (re-reading a row twice
                // is harmless); the rows read below include everything reported before.
                // The limit is set for the table being read: a burst reported during a long build
                // (the expiry pass at start: 42,000 notices at 1,000,000 products) is patched
                // afterwards rather than sending the model into a second build.
                let count = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(RegistrySchema.products).first()?.decode(column: "n", as: Int.self) ?? 0
                self.lock.withLock {
                    self.stale = false
                    self.pendingProducts.removeAll()
                    self.pendingSubjects.removeAll()
                    self.patchLimit = max(20_000, count / 5)
                }
                guard let built = try await Tables.read(from: database, budget: self.budget) else {
                    self.lock.withLock { self.retryAfter = ContinuousClock.now + .seconds(60) }
                    self.logger.notice("search model over its memory budget; searches read SQL", metadata: ["budget_mb": "\(self.budget >> 20)"])
                    return
                }
                self.rows.writing { self.tables = built }
                // The rows streamed through the driver leave freed memory with the allocator.
                TransferLimiter.trimHeap()
                self.logger.info("search model built", metadata: [
                    "products": "\(built.products.rows.count)", "subjects": "\(built.subjects.rows.count)",
                    "mb": "\(built.size >> 20)", "took": "\(ContinuousClock.now - started)"])
            }
        } catch {
            logger.warning("building the search model failed; searches read SQL", metadata: ["error": "\(error)"])
            lock.withLock { retryAfter = ContinuousClock.now + .seconds(10) }
        }
        lock.withLock { building = false }
    }

    /// Re-reads the changed rows and puts them in place. Only the holder of `applying` changes
    /// the tables, so what it reads of them between its writes stays true.
    private func patch(products changedProducts: Set<Int64>, subjects changedSubjects: Set<Int64>, on db: any SQLDatabase) async throws {
        var productRows: [ProductRow.Source] = []
        var subjectRows: [SubjectRow.Source] = []
        for chunk in Self.chunks(changedProducts) {
            productRows += try await Tables.productRows(db, SQLQueryString("p.id IN ") + SQLQueryString.list(chunk))
        }
        for chunk in Self.chunks(changedSubjects) {
            productRows += try await Tables.productRows(db, SQLQueryString("p.subject_id IN ") + SQLQueryString.list(chunk))
            subjectRows += try await Tables.subjectRows(db, SQLQueryString("id IN ") + SQLQueryString.list(chunk))
        }
        // Products read (by id or through their subject) and products asked for but gone.
        var productIDs = changedProducts
        for row in productRows { productIDs.insert(row.id) }
        // Subjects whose count of active products may have moved.
        var counted: Set<Int64> = changedSubjects
        rows.reading {
            guard let tables else { return }
            for index in tables.products.indices(of: productIDs) { counted.insert(Int64(tables.products.rows[index].subject)) }
        }
        for row in productRows { counted.insert(row.subjectID) }
        var active: [Int64: Int] = [:]
        for chunk in Self.chunks(counted) { active.merge(try await Tables.activeCounts(db, subjects: chunk)) { $1 } }
        subjectRows = subjectRows.map { $0.with(active: active[$0.id] ?? 0) }

        // Rows whose sort key and name stay are changed in place; the others are taken out and
        // placed again below.
        var failed = false
        var movedProducts: [ProductRow.Source] = []
        var movedSubjects: [SubjectRow.Source] = []
        rows.writing {
            guard var tables = self.tables else { return }
            self.tables = nil  // unique: patched in place
            do {
                movedProducts = try tables.products.update(productRows, ids: productIDs)
                movedSubjects = try tables.subjects.update(subjectRows, ids: changedSubjects)
                tables.subjects.setActive(active, for: counted)
            } catch { failed = true }
            self.tables = tables
        }
        if failed || movedProducts.count + movedSubjects.count > Self.moveLimit { lock.withLock { markStale() }; return }
        for row in movedProducts.sorted(by: { $0.key < $1.key }) {
            guard try await insert(row, into: \.products, table: RegistrySchema.products, on: db) else { return }
        }
        for row in movedSubjects.sorted(by: { $0.key < $1.key }) {
            guard try await insert(row, into: \.subjects, table: RegistrySchema.subjects, on: db) else { return }
        }
        // Renamed rows leave their old names in the buffer until a build.
        if rows.reading({ tables.map { $0.products.names.isMostlyGarbage || $0.subjects.names.isMostlyGarbage } ?? false }) {
            lock.withLock { markStale() }
        }
    }

    /// Ids in groups small enough for one `IN` list.
    private static func chunks(_ ids: Set<Int64>) -> [Set<Int64>] {
        var groups: [Set<Int64>] = []
        var group: Set<Int64> = []
        for id in ids {
            group.insert(id)
            if group.count == 1_000 { groups.append(group); group = [] }
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }

    /// Places one row by its full sort key: rows sharing its key's prefix have their keys read back.
    private func insert<Row: ModelRow>(_ source: Row.Source, into path: WritableKeyPath<Tables, NameTable<Row>>, table: String,
                                       on db: any SQLDatabase) async throws -> Bool {
        let range: Range<Int>? = rows.reading { tables.map { $0[keyPath: path].range(ofPrefix: SortKey.prefix(source.key)) } }
        guard let range else { return false }
        guard range.count <= Self.rangeLimit else { lock.withLock { markStale() }; return false }
        var keys: [Int64: String] = [:]
        if !range.isEmpty {
            let ids: [Int64] = rows.reading { tables.map { t in range.map { Int64(t[keyPath: path].rows[$0].id) } } ?? [] }
            for row in try await db.select().columns("id", "name_collation").from(table).where(SQLColumn("id"), .in, SQLBind.group(ids)).all() {
                keys[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name_collation", as: String.self)
            }
        }
        var failed = false
        rows.writing {
            guard var tables = self.tables else { return }
            self.tables = nil
            do { try tables[keyPath: path].insert(source, in: range, keys: keys) } catch { failed = true }
            self.tables = tables
        }
        if failed { lock.withLock { markStale() } }
        return !failed
    }
}

// MARK: - The tables

/// A row kept in a `NameTable`: packed, with what it needs of its sort key to be placed.
protocol ModelRow {
    associatedtype Source: ModelSource
    var id: UInt32 { get }
    var slot: UInt32 { get }
    var sortKey: SortKey { get }
    init(_ source: Source, slot: UInt32, codes: inout Codes) throws(SearchModelError)
}

/// A row's sort key (`name_collation`) in 12 bytes: its first 8 bytes, which order rows and find
/// the ones a new row is placed among, and a hash of the whole key, so that a change past the
/// first 8 bytes still moves the row.
struct SortKey: Equatable {
    private let high: UInt32
    private let low: UInt32
    private let hash: UInt32

    init(_ key: String) {
        let prefix = Self.prefix(key)
        high = UInt32(prefix >> 32)
        low = UInt32(truncatingIfNeeded: prefix)
        var hash: UInt32 = 2_166_136_261  // FNV-1a
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        self.hash = hash
    }

    var prefix: UInt64 { UInt64(high) << 32 | UInt64(low) }

    /// The key's first 8 bytes as a number that orders like them (shorter keys padded with 0).
    static func prefix(_ key: String) -> UInt64 {
        var value: UInt64 = 0
        var count = 0
        for byte in key.utf8.prefix(8) { value = value << 8 | UInt64(byte); count += 1 }
        return value << (8 * UInt64(8 - count))
    }
}

/// What a caller's area is compared with: a product's or a subject's province, commune, subject.
protocol AreaRow {
    var province: UInt8 { get }
    var commune: UInt16 { get }
    var areaSubject: UInt32 { get }
}

/// A row as read from the database.
protocol ModelSource {
    var id: Int64 { get }
    var key: String { get }
    var folded: String { get }
}

enum SearchModelError: Error {
    /// A value the packed rows cannot hold (an id past 2³², too many distinct codes).
    case unpackable
}

/// Short codes (provinces, communes, statuses, …) as small integers.
struct Interned<Code: FixedWidthInteger & UnsignedInteger> {
    private var codes: [String: Code] = [:]

    mutating func code(_ value: String) throws(SearchModelError) -> Code {
        if let code = codes[value] { return code }
        guard codes.count < Int(Code.max) else { throw .unpackable }
        let code = Code(codes.count)
        codes[value] = code
        return code
    }

    /// The code of a value no row has is nil: a filter on it matches nothing.
    func existing(_ value: String) -> Code? { codes[value] }

    /// A filter's code: `.some(nil)` for no filter, nil for a value no row has (nothing matches).
    func filter(_ value: String?) -> Code?? {
        guard let value else { return .some(nil) }
        return existing(value).map { .some($0) } ?? nil
    }
}

struct Codes {
    var provinces = Interned<UInt8>()
    var communes = Interned<UInt16>()
    var statuses = Interned<UInt8>()
    var groups = Interned<UInt8>()
    var legalForms = Interned<UInt8>()
    /// Sales channels as bits of a mask.
    var channels = Interned<UInt8>()

    /// Whether `scope` sees a row fully (its own area); rows outside it are seen when published.
    func sees<Row: AreaRow>(_ scope: Scope) -> (Row) -> Bool {
        switch scope.area {
        case .everything: return { _ in true }
        case .nothing: return { _ in false }
        case .province(let value):
            guard let code = provinces.existing(value) else { return { _ in false } }
            return { $0.province == code }
        case .commune(let value):
            guard let code = communes.existing(value) else { return { _ in false } }
            return { $0.commune == code }
        case .subject(let id): return { Int64($0.areaSubject) == id }
        }
    }

    mutating func channelMask(_ list: String) throws(SearchModelError) -> UInt16 {
        var mask: UInt16 = 0
        for part in list.split(separator: ",") {
            let code = try channels.code(String(part))
            guard code < 16 else { throw .unpackable }
            mask |= 1 << code
        }
        return mask
    }
}

/// Folded names, each followed by a 0 byte, and where each starts; `memmem` over all of them
/// finds the names containing a text in one pass.
struct NameColumn {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [UInt32] = []
    /// Bytes of names no row refers to any more (replaced), reclaimed by the next build.
    private(set) var garbage = 0

    mutating func add(_ folded: String) throws(SearchModelError) -> UInt32 {
        guard bytes.count + folded.utf8.count < Int(UInt32.max), starts.count < Int(UInt32.max) else { throw .unpackable }
        let slot = UInt32(starts.count)
        starts.append(UInt32(bytes.count))
        bytes.append(contentsOf: folded.utf8)
        bytes.append(0)
        return slot
    }

    mutating func reserve(names: Int, bytes total: Int) {
        starts.reserveCapacity(names)
        bytes.reserveCapacity(total)
    }

    /// More than half the buffer holds replaced names: time to build afresh.
    var isMostlyGarbage: Bool { garbage > bytes.count / 2 }

    mutating func release(_ slot: UInt32) {
        garbage += name(slot).count + 1
    }

    func name(_ slot: UInt32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(slot)])
        let end = Int(slot) + 1 < starts.count ? Int(starts[Int(slot) + 1]) - 1 : bytes.count - 1
        return bytes[start..<end]
    }

    /// Calls `hit` with each slot whose name contains `needle` (the folded search text), in slot order.
    func forEachMatch(_ needle: [UInt8], _ hit: (Int) -> Void) {
        guard !needle.isEmpty, !starts.isEmpty else { return }
        bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let text = pattern.baseAddress else { return }
                var offset = 0
                while offset < haystack.count,
                      let found = Self.find(pattern.count, text, in: base + offset, haystack.count - offset).map({ offset + $0 }) {
                    // The slot whose name holds the hit: the last start at or before it.
                    let position = UInt32(found)
                    var low = 0, high = starts.count
                    while low < high {
                        let mid = (low + high) / 2
                        if starts[mid] <= position { low = mid + 1 } else { high = mid }
                    }
                    let slot = low - 1
                    hit(slot)
                    // On to the next name: one hit per name is enough.
                    offset = slot + 1 < starts.count ? Int(starts[slot + 1]) : haystack.count
                }
            }
        }
    }

    /// The first offset of the needle in the text: 32 bytes at a time compared with the needle's
    /// first two bytes (most blocks have no candidate), each candidate confirmed with `memcmp`;
    /// `memmem` for one-byte needles and the tail. Several times faster than `memmem` alone,
    /// whose two-way search reads every byte one at a time.
    static func find(_ count: Int, _ needle: UnsafeRawPointer, in text: UnsafeRawPointer, _ length: Int) -> Int? {
        guard count >= 2, length >= count + 32 else {
            return memmem(text, length, needle, count).map { text.distance(to: UnsafeRawPointer($0)) }
        }
        let first = SIMD32<UInt8>(repeating: needle.load(as: UInt8.self))
        let second = SIMD32<UInt8>(repeating: needle.load(fromByteOffset: 1, as: UInt8.self))
        var at = 0
        // Blocks whose candidates' whole needle lies inside the text.
        while at + 32 + count <= length {
            let a = text.loadUnaligned(fromByteOffset: at, as: SIMD32<UInt8>.self)
            let b = text.loadUnaligned(fromByteOffset: at + 1, as: SIMD32<UInt8>.self)
            let candidates = (a .== first) .& (b .== second)
            // Read as four words: `any(_:)` reduces lane by lane.
            let words = unsafeBitCast(candidates, to: SIMD4<UInt64>.self)
            if words[0] | words[1] | words[2] | words[3] != 0 {
                for lane in 0..<32 where candidates[lane] {
                    if count == 2 || memcmp(text + at + lane + 2, needle + 2, count - 2) == 0 { return at + lane }
                }
            }
            at += 32
        }
        return memmem(text + at, length - at, needle, count).map { at + (text + at).distance(to: UnsafeRawPointer($0)) }
    }
}

/// Rows in (sort key, id) order with their names.
struct NameTable<Row: ModelRow> {
    private(set) var rows: [Row] = []
    private(set) var names = NameColumn()
    /// Each slot's row position (`UInt32.max` for a replaced name), so matching names mark rows
    /// and a search visits only the marked rows, in order.
    private var positions: [UInt32] = []
    var codes: Codes

    init(codes: Codes) {
        self.codes = codes
    }

    var size: Int {
        rows.capacity * MemoryLayout<Row>.stride + names.bytes.capacity + names.starts.capacity * 4 + positions.capacity * 4
    }

    /// Appends a row read in order (building).
    mutating func append(_ source: Row.Source) throws(SearchModelError) {
        guard source.id >= 0, source.id <= Int64(UInt32.max) else { throw .unpackable }
        let slot = try names.add(source.folded)
        rows.append(try Row(source, slot: slot, codes: &codes))
        positions.append(UInt32(rows.count - 1))
    }

    mutating func reserve(_ count: Int, nameBytes: Int) {
        rows.reserveCapacity(count)
        positions.reserveCapacity(count)
        names.reserve(names: count, bytes: nameBytes + count)
    }

    /// Indices of the rows with these ids (one pass; a handful of ids is the usual case).
    func indices(of ids: Set<Int64>) -> [Int] {
        guard !ids.isEmpty else { return [] }
        var found: [Int] = []
        for index in rows.indices where ids.contains(Int64(rows[index].id)) { found.append(index) }
        return found
    }

    mutating func remove(ids: Set<Int64>) throws(SearchModelError) {
        let gone = indices(of: ids)
        guard !gone.isEmpty else { return }
        for index in gone {
            names.release(rows[index].slot)
            positions[Int(rows[index].slot)] = .max
        }
        // One pass, however many go (an import undone).
        rows.removeAll { ids.contains(Int64($0.id)) }
        reposition(from: gone[0])
    }

    /// Rows from `start` on moved: their slots learn their new positions.
    private mutating func reposition(from start: Int) {
        for index in start..<rows.count { positions[Int(rows[index].slot)] = UInt32(index) }
    }

    /// Applies re-read rows: a row whose sort key and name are unchanged is replaced where it
    /// stands; rows gone (in `ids` but not read) are removed; the rest are removed and returned,
    /// to be placed again by their keys.
    mutating func update(_ sources: [Row.Source], ids: Set<Int64>) throws(SearchModelError) -> [Row.Source] {
        var read: [Int64: Row.Source] = [:]
        for source in sources where read[source.id] == nil { read[source.id] = source }
        let wanted = ids.union(read.keys)
        var at: [Int64: Int] = [:]
        for index in indices(of: wanted) where at[Int64(rows[index].id)] == nil { at[Int64(rows[index].id)] = index }
        var removed: Set<Int64> = []
        var moved: [Row.Source] = []
        for id in wanted {
            guard let source = read[id] else {
                if at[id] != nil { removed.insert(id) }
                continue
            }
            if let index = at[id], rows[index].sortKey == SortKey(source.key),
               names.name(rows[index].slot).elementsEqual(source.folded.utf8) {
                rows[index] = try Row(source, slot: rows[index].slot, codes: &codes)
            } else {
                if at[id] != nil { removed.insert(id) }
                moved.append(source)
            }
        }
        try remove(ids: removed)
        return moved
    }

    /// The rows whose key starts with the same 8 bytes as a key with `prefix`.
    func range(ofPrefix prefix: UInt64) -> Range<Int> {
        var low = 0, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid].sortKey.prefix < prefix { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < rows.count, rows[end].sortKey.prefix == prefix { end += 1 }
        return low..<end
    }

    /// Inserts before the first row of `range` that sorts after it (by `keys`, read back), else
    /// at the range's end. A row whose key was not read back (changed since) keeps its place;
    /// its own change moves it.
    mutating func insert(_ source: Row.Source, in range: Range<Int>, keys: [Int64: String]) throws(SearchModelError) {
        guard source.id >= 0, source.id <= Int64(UInt32.max) else { throw .unpackable }
        var at = range.upperBound
        for index in range {
            let id = Int64(rows[index].id)
            guard let key = keys[id] else { continue }
            if (key, id) > (source.key, source.id) { at = index; break }
        }
        let slot = try names.add(source.folded)
        rows.insert(try Row(source, slot: slot, codes: &codes), at: at)
        positions.append(.max)
        reposition(from: at)
    }

    /// Walks the rows in order (or reversed), counting those `accepts` takes and keeping the ids of
    /// the requested page.
    func page(matching needle: [UInt8], limit: Int, offset: Int, descending: Bool, counts: Bool,
              also extra: Set<Int64> = [], accepts: (Row) -> Bool) -> SearchModel.Hits {
        var marked = [UInt64](repeating: 0, count: rows.count / 64 + 1)
        names.forEachMatch(needle) { slot in
            let position = Int(positions[slot])
            if position != Int(UInt32.max) { marked[position >> 6] |= 1 << UInt64(position & 63) }
        }
        for index in indices(of: extra) { marked[index >> 6] |= 1 << UInt64(index & 63) }
        var ids: [Int64] = []
        var total = 0
        func visit(_ index: Int) -> Bool {
            let row = rows[index]
            guard accepts(row) else { return true }
            if total >= offset && ids.count < limit { ids.append(Int64(row.id)) }
            total += 1
            return counts || ids.count < limit
        }
        if descending {
            walk: for word in marked.indices.reversed() {
                var bits = marked[word]
                while bits != 0 {
                    let bit = 63 - bits.leadingZeroBitCount
                    bits &= ~(1 << UInt64(bit))
                    if !visit(word << 6 | bit) { break walk }
                }
            }
        } else {
            walk: for word in marked.indices {
                var bits = marked[word]
                while bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    bits &= bits - 1
                    if !visit(word << 6 | bit) { break walk }
                }
            }
        }
        return SearchModel.Hits(ids: ids, total: counts ? total : -1)
    }
}

extension NameTable where Row == SubjectRow {
    /// Each subject's count of active products (one pass over the rows, however many change).
    mutating func setActive(_ counts: [Int64: Int], for ids: Set<Int64>) {
        for index in indices(of: ids) { rows[index].activeProducts = UInt32(clamping: counts[Int64(rows[index].id)] ?? 0) }
    }
}

struct ProductRow: ModelRow, AreaRow {
    struct Source: ModelSource {
        let id: Int64
        let subjectID: Int64
        let province: String
        let commune: String
        let productSet: Int
        let group: String
        let sector: Int
        let stars: Int?
        let status: String
        let folded: String
        let key: String
        let legalForm: String
    }

    let id: UInt32
    let subject: UInt32
    let slot: UInt32
    let sortKey: SortKey
    let commune: UInt16
    let productSet: UInt16
    let province: UInt8
    let sector: UInt8
    /// 0 when the product holds no valid certificate.
    let stars: UInt8
    let status: UInt8
    let group: UInt8
    let legalForm: UInt8

    var areaSubject: UInt32 { subject }

    init(_ s: Source, slot: UInt32, codes: inout Codes) throws(SearchModelError) {
        guard s.subjectID >= 0, s.subjectID <= Int64(UInt32.max), (0...Int(UInt16.max)).contains(s.productSet),
              (0...255).contains(s.sector), (0...254).contains(s.stars ?? 0) else { throw .unpackable }
        id = UInt32(s.id)
        subject = UInt32(s.subjectID)
        self.slot = slot
        sortKey = SortKey(s.key)
        commune = try codes.communes.code(s.commune)
        productSet = UInt16(s.productSet)
        province = try codes.provinces.code(s.province)
        sector = UInt8(s.sector)
        stars = s.stars.map { UInt8($0) } ?? 0
        status = try codes.statuses.code(s.status)
        group = try codes.groups.code(s.group)
        legalForm = try codes.legalForms.code(s.legalForm)
    }
}

struct SubjectRow: ModelRow, AreaRow {
    struct Source: ModelSource {
        let id: Int64
        let province: String
        let commune: String
        let legalForm: String
        let channels: String
        let folded: String
        let key: String
        var activeProducts = 0

        func with(active: Int) -> Source {
            var copy = self
            copy.activeProducts = active
            return copy
        }
    }

    let id: UInt32
    let slot: UInt32
    let sortKey: SortKey
    /// Published (visible outside its area) while it has an active product.
    var activeProducts: UInt32
    let commune: UInt16
    let channels: UInt16
    let province: UInt8
    let legalForm: UInt8

    var areaSubject: UInt32 { id }

    init(_ s: Source, slot: UInt32, codes: inout Codes) throws(SearchModelError) {
        id = UInt32(s.id)
        self.slot = slot
        sortKey = SortKey(s.key)
        activeProducts = UInt32(clamping: s.activeProducts)
        commune = try codes.communes.code(s.commune)
        channels = try codes.channelMask(s.channels)
        province = try codes.provinces.code(s.province)
        legalForm = try codes.legalForms.code(s.legalForm)
    }
}

/// Both tables; they share their codes so a scope's province or commune is one code in both.
struct Tables {
    var products: NameTable<ProductRow>
    var subjects: NameTable<SubjectRow>

    var size: Int { products.size + subjects.size }

    private static let productColumns = """
        p.id, p.subject_id, p.province_code, p.commune_code, p.product_set, p.product_group, p.sector, p.current_stars, p.status, \
        p.name_folded, p.name_collation, s.legal_form
        """

    /// Every row, streamed in order; nil when the rows would take more than `budget` bytes.
    static func read(from db: any SQLDatabase, budget: Int) async throws -> Tables? {
        let counts = try await db.raw("""
            SELECT (SELECT count(*) FROM \(unsafeRaw: RegistrySchema.products)) AS p, (SELECT count(*) FROM \(unsafeRaw: RegistrySchema.subjects)) AS s,
                   (SELECT sum(length(name_folded)) FROM \(unsafeRaw: RegistrySchema.products)) AS pn, (SELECT sum(length(name_folded)) FROM \(unsafeRaw: RegistrySchema.subjects)) AS sn
            """).first()
        let products = try counts?.decode(column: "p", as: Int.self) ?? 0
        let subjects = try counts?.decode(column: "s", as: Int.self) ?? 0
        let productNames = try counts?.decode(column: "pn", as: Int?.self) ?? 0
        let subjectNames = try counts?.decode(column: "sn", as: Int?.self) ?? 0
        // Characters, not bytes: Vietnamese names fold to ASCII, so close enough; plus a margin.
        let estimate = products * (MemoryLayout<ProductRow>.stride + 5) + subjects * (MemoryLayout<SubjectRow>.stride + 5)
            + productNames + subjectNames
        guard estimate + estimate / 4 <= budget else { return nil }

        // Rows arrive on the driver's thread one at a time, into one box.
        final class Reading: @unchecked Sendable {
            var active: [Int64: Int] = [:]
            var tables = Tables(products: NameTable(codes: Codes()), subjects: NameTable(codes: Codes()))
            var failure: (any Error)?
        }
        let reading = Reading()
        try await db.raw("SELECT subject_id, count(*) AS n FROM \(unsafeRaw: RegistrySchema.products) WHERE status = 'active' GROUP BY subject_id")
            .run { row in
                if let id = try? row.decode(column: "subject_id", as: Int64.self) { reading.active[id] = (try? row.decode(column: "n", as: Int.self)) ?? 0 }
            }
        reading.tables.products.reserve(products, nameBytes: productNames)
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: productColumns) FROM \(unsafeRaw: RegistrySchema.products) p JOIN \(unsafeRaw: RegistrySchema.subjects) s ON s.id = p.subject_id ORDER BY p.name_collation, p.id"))
            .run { row in
                guard reading.failure == nil else { return }
                do { try reading.tables.products.append(try productSource(row)) } catch { reading.failure = error }
            }
        if let failure = reading.failure { throw failure }
        reading.tables.subjects.codes = reading.tables.products.codes
        reading.tables.subjects.reserve(subjects, nameBytes: subjectNames)
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: subjectColumns) FROM \(unsafeRaw: RegistrySchema.subjects) ORDER BY name_collation, id"))
            .run { row in
                guard reading.failure == nil else { return }
                do {
                    let source = try subjectSource(row)
                    try reading.tables.subjects.append(source.with(active: reading.active[source.id] ?? 0))
                } catch { reading.failure = error }
            }
        if let failure = reading.failure { throw failure }
        // Both tables intern into one set of codes: the subjects' pass may have added some.
        reading.tables.products.codes = reading.tables.subjects.codes
        return reading.tables
    }

    private static let subjectColumns = "id, province_code, commune_code, legal_form, sales_channels, name_folded, name_collation"

    static func productRows(_ db: any SQLDatabase, _ condition: SQLQueryString) async throws -> [ProductRow.Source] {
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: productColumns) FROM \(unsafeRaw: RegistrySchema.products) p JOIN \(unsafeRaw: RegistrySchema.subjects) s ON s.id = p.subject_id WHERE ") + condition)
            .all().map(productSource)
    }

    static func subjectRows(_ db: any SQLDatabase, _ condition: SQLQueryString) async throws -> [SubjectRow.Source] {
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: subjectColumns) FROM \(unsafeRaw: RegistrySchema.subjects) WHERE ") + condition)
            .all().map(subjectSource)
    }

    static func activeCounts(_ db: any SQLDatabase, subjects: Set<Int64>) async throws -> [Int64: Int] {
        guard !subjects.isEmpty else { return [:] }
        var counts: [Int64: Int] = [:]
        for row in try await db.raw(SQLQueryString("SELECT subject_id, count(*) AS n FROM \(unsafeRaw: RegistrySchema.products) WHERE status = 'active' AND subject_id IN ")
                                    + SQLQueryString.list(subjects) + SQLQueryString(" GROUP BY subject_id")).all() {
            counts[try row.decode(column: "subject_id", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    private static func productSource(_ row: any SQLRow) throws -> ProductRow.Source {
        ProductRow.Source(
            id: try row.decode(column: "id", as: Int64.self), subjectID: try row.decode(column: "subject_id", as: Int64.self),
            province: try row.decode(column: "province_code", as: String.self), commune: try row.decode(column: "commune_code", as: String.self),
            productSet: try row.decode(column: "product_set", as: Int.self), group: try row.decode(column: "product_group", as: String.self),
            sector: try row.decode(column: "sector", as: Int.self), stars: try row.decode(column: "current_stars", as: Int?.self),
            status: try row.decode(column: "status", as: String.self), folded: try row.decode(column: "name_folded", as: String.self),
            key: try row.decode(column: "name_collation", as: String.self), legalForm: try row.decode(column: "legal_form", as: String.self))
    }

    private static func subjectSource(_ row: any SQLRow) throws -> SubjectRow.Source {
        SubjectRow.Source(
            id: try row.decode(column: "id", as: Int64.self), province: try row.decode(column: "province_code", as: String.self),
            commune: try row.decode(column: "commune_code", as: String.self), legalForm: try row.decode(column: "legal_form", as: String.self),
            channels: try row.decode(column: "sales_channels", as: String?.self) ?? "", folded: try row.decode(column: "name_folded", as: String.self),
            key: try row.decode(column: "name_collation", as: String.self))
    }
}

// MARK: - Filters over packed rows

extension NameTable where Row == ProductRow {
    func search(_ needle: [UInt8], filter: ProductStore.Filter, scope: Scope) -> SearchModel.Hits {
        let none = SearchModel.Hits(ids: [], total: filter.countsTotal ? 0 : -1)
        guard let province = codes.provinces.filter(filter.province), let commune = codes.communes.filter(filter.commune),
              let group = codes.groups.filter(filter.group), let legalForm = codes.legalForms.filter(filter.legalForm),
              let status = codes.statuses.filter(filter.status) else { return none }
        let active = codes.statuses.existing(ProductStatus.active.rawValue)
        let stars = Set(filter.stars.map { UInt8(clamping: $0) })
        let subject = filter.subjectID.map { $0 >= 0 && $0 <= Int64(UInt32.max) ? UInt32($0) : 0 }
        let sector = filter.sector.map { UInt8(clamping: $0) }
        let productSet = filter.productSet.map { UInt16(clamping: $0) }
        let sees: (ProductRow) -> Bool = codes.sees(scope)
        return page(matching: needle, limit: filter.limit, offset: filter.offset, descending: filter.descending, counts: filter.countsTotal) { row in
            if let province, row.province != province { return false }
            if let commune, row.commune != commune { return false }
            if let sector, row.sector != sector { return false }
            if let group, row.group != group { return false }
            if let productSet, row.productSet != productSet { return false }
            if let legalForm, row.legalForm != legalForm { return false }
            if !stars.isEmpty, !stars.contains(row.stars) { return false }
            if let status, row.status != status { return false }
            if let subject, row.subject != subject { return false }
            return (active != nil && row.status == active) || sees(row)
        }
    }

}

extension NameTable where Row == SubjectRow {
    func search(_ needle: [UInt8], also registered: Set<Int64>, filter: SubjectStore.Filter, scope: Scope) -> SearchModel.Hits {
        let none = SearchModel.Hits(ids: [], total: filter.countsTotal ? 0 : -1)
        guard let province = codes.provinces.filter(filter.province), let commune = codes.communes.filter(filter.commune),
              let legalForm = codes.legalForms.filter(filter.legalForm) else { return none }
        var channel: UInt16?
        if let value = filter.salesChannel {
            guard let bit = codes.channels.existing(value) else { return none }
            channel = 1 << UInt16(bit)
        }
        let sees: (SubjectRow) -> Bool = codes.sees(scope)
        return page(matching: needle, limit: filter.limit, offset: filter.offset, descending: filter.descending, counts: filter.countsTotal,
                    also: registered) { row in
            if let province, row.province != province { return false }
            if let commune, row.commune != commune { return false }
            if let legalForm, row.legalForm != legalForm { return false }
            if let channel, row.channels & channel == 0 { return false }
            return row.activeProducts > 0 || sees(row)
        }
    }
}

// MARK: - Helpers

extension SQLQueryString {
    /// `(1, 2, 3)` as binds; `(NULL)` for none, which matches nothing.
    static func list(_ ids: Set<Int64>) -> SQLQueryString {
        guard !ids.isEmpty else { return SQLQueryString("(NULL)") }
        var text = SQLQueryString("(")
        for (index, id) in ids.enumerated() {
            if index > 0 { text = text + SQLQueryString(", ") }
            text = text + SQLQueryString("\(bind: id)")
        }
        return text + SQLQueryString(")")
    }
}

/// Many readers or one writer (pthread's read-write lock): searches run side by side, patches alone.
final class ReadWriteLock: @unchecked Sendable {
    private var lock = pthread_rwlock_t()

    init() { pthread_rwlock_init(&lock, nil) }
    deinit { pthread_rwlock_destroy(&lock) }

    func reading<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return try body()
    }

    func writing<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return try body()
    }
}
