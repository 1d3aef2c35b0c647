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
    /// Rows placed again at most in one patch (each asks the database for its predecessors).
    static let moveLimit = 500
    /// Predecessors read for each row placed; none of them in the model (all new, unreported)
    /// rebuilds it.
    static let predecessorLimit = 16

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
        for row in movedProducts {
            guard try await insert(row, into: \.products, table: RegistrySchema.products, on: db) else { return }
        }
        for row in movedSubjects {
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

    /// Places one row right after its nearest predecessor in the database's own order
    /// (`name_collation`, `id`: the index the build read) that the model holds in place; the rows
    /// keep no sort keys, so this asks the database. A predecessor with a change still pending is
    /// passed over: its own patch moves it. With none, the row goes first; with none of
    /// `predecessorLimit` in the model (a burst of unreported new rows), the model is rebuilt.
    private func insert<Row: ModelRow>(_ source: Row.Source, into path: WritableKeyPath<Tables, NameTable<Row>>, table: String,
                                       on db: any SQLDatabase) async throws -> Bool {
        let before = try await db.raw("""
            SELECT id FROM \(unsafeRaw: table) WHERE (name_collation, id) < (\(bind: source.key), \(bind: source.id))
            ORDER BY name_collation DESC, id DESC LIMIT \(unsafeRaw: String(Self.predecessorLimit))
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
        let pending = lock.withLock { path == \Tables.products ? pendingProducts : pendingSubjects }
        let at: Int?? = rows.reading {
            guard let table = tables?[keyPath: path] else { return nil }
            let held = table.positions(of: Set(before).subtracting(pending))
            if let index = before.lazy.compactMap({ held[$0] }).first { return .some(index + 1) }
            return before.count < Self.predecessorLimit ? .some(0) : .some(nil)
        }
        guard let at else { return false }
        guard let at else { lock.withLock { markStale() }; return false }
        var failed = false
        rows.writing {
            guard var tables = self.tables else { return }
            self.tables = nil
            do { try tables[keyPath: path].insert(source, at: at) } catch { failed = true }
            self.tables = tables
        }
        if failed { lock.withLock { markStale() } }
        return !failed
    }
}

// MARK: - The tables

/// A row kept in a `NameTable`: packed; its name is kept beside it, by number.
protocol ModelRow {
    associatedtype Source: ModelSource
    var id: UInt32 { get }
    /// A hash of the row's sort key (`name_collation`): a patch that leaves it and the name
    /// changes the row in place; any other moves it.
    var keyHash: UInt32 { get }
    init(_ source: Source, codes: inout Codes) throws(SearchModelError)
}

/// FNV-1a: names' and sort keys' hashes.
func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return hash
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

/// The distinct folded names, each followed by a 0 byte, where each starts and how many rows use
/// it. Rows refer to their name by number, so a name many products share (catalogues repeat
/// "mat ong", a village's "banh trang") is held and scanned once; `memmem`-like scanning over
/// all of them finds the names containing a text in one pass.
struct NameDictionary {
    private(set) var bytes: [UInt8] = []
    private var starts: [UInt32] = []
    private var uses: [UInt32] = []
    /// Open addressing on the name's hash: number + 1 (0 is empty), at most half full.
    private var slots: [UInt32] = []
    /// Bytes of names no row uses any more, reclaimed by the next build.
    private(set) var garbage = 0

    var count: Int { starts.count }
    var size: Int { bytes.capacity + (starts.capacity + uses.capacity + slots.capacity) * 4 }

    /// The name's number, adding it when new; each call is one more use.
    mutating func add(_ folded: String) throws(SearchModelError) -> UInt32 {
        if slots.count < 2 * (starts.count + 1) { grow() }
        let mask = slots.count - 1
        var at = Int(fnv1a(folded.utf8)) & mask
        while slots[at] != 0 {
            let number = slots[at] - 1
            if name(number).elementsEqual(folded.utf8) {
                if uses[Int(number)] == 0 { garbage -= name(number).count + 1 }
                uses[Int(number)] += 1
                return number
            }
            at = (at + 1) & mask
        }
        guard bytes.count + folded.utf8.count < Int(UInt32.max), starts.count < Int(UInt32.max) - 1 else { throw .unpackable }
        let number = UInt32(starts.count)
        starts.append(UInt32(bytes.count))
        bytes.append(contentsOf: folded.utf8)
        bytes.append(0)
        uses.append(1)
        slots[at] = number + 1
        return number
    }

    private mutating func grow() {
        var size = max(1_024, slots.count * 2)
        while size < 2 * (starts.count + 1) { size *= 2 }
        slots = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for number in 0..<UInt32(starts.count) {
            var at = Int(fnv1a(name(number))) & mask
            while slots[at] != 0 { at = (at + 1) & mask }
            slots[at] = number + 1
        }
    }

    /// More than half the buffer holds names no row uses: time to build afresh.
    var isMostlyGarbage: Bool { garbage > bytes.count / 2 }

    /// One use fewer; an unused name stays (a later row may take it again) until the next build.
    mutating func release(_ number: UInt32) {
        uses[Int(number)] -= 1
        if uses[Int(number)] == 0 { garbage += name(number).count + 1 }
    }

    func name(_ number: UInt32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(number)])
        let end = Int(number) + 1 < starts.count ? Int(starts[Int(number) + 1]) - 1 : bytes.count - 1
        return bytes[start..<end]
    }

    /// Calls `hit` with the number of each name that contains `needle` (the folded search text).
    func forEachMatch(_ needle: [UInt8], _ hit: (Int) -> Void) {
        guard !needle.isEmpty, !starts.isEmpty else { return }
        bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let text = pattern.baseAddress else { return }
                var offset = 0
                while offset < haystack.count,
                      let found = Self.find(pattern.count, text, in: base + offset, haystack.count - offset).map({ offset + $0 }) {
                    // The name that holds the hit: the last start at or before it.
                    let position = UInt32(found)
                    var low = 0, high = starts.count
                    while low < high {
                        let mid = (low + high) / 2
                        if starts[mid] <= position { low = mid + 1 } else { high = mid }
                    }
                    let number = low - 1
                    hit(number)
                    // On to the next name: one hit per name is enough.
                    offset = number + 1 < starts.count ? Int(starts[number + 1]) : haystack.count
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

/// Rows in (sort key, id) order, each with its name's number beside it.
struct NameTable<Row: ModelRow> {
    private(set) var rows: [Row] = []
    /// Row by row, the number of its name: a search walks these 4 bytes a row, not the rows.
    private var nameOf: [UInt32] = []
    private(set) var names = NameDictionary()
    var codes: Codes

    init(codes: Codes) {
        self.codes = codes
    }

    var size: Int { rows.capacity * MemoryLayout<Row>.stride + nameOf.capacity * 4 + names.size }

    /// Appends a row read in order (building).
    mutating func append(_ source: Row.Source) throws(SearchModelError) {
        try insert(source, at: rows.count)
    }

    mutating func reserve(_ count: Int) {
        rows.reserveCapacity(count)
        nameOf.reserveCapacity(count)
    }

    /// Indices of the rows with these ids, in order (one pass; a handful of ids is the usual case).
    func indices(of ids: Set<Int64>) -> [Int] {
        guard !ids.isEmpty else { return [] }
        var found: [Int] = []
        for index in rows.indices where ids.contains(Int64(rows[index].id)) { found.append(index) }
        return found
    }

    /// Where each of these ids' rows stands.
    func positions(of ids: Set<Int64>) -> [Int64: Int] {
        var found: [Int64: Int] = [:]
        for index in indices(of: ids) { found[Int64(rows[index].id)] = index }
        return found
    }

    mutating func insert(_ source: Row.Source, at index: Int) throws(SearchModelError) {
        guard source.id >= 0, source.id <= Int64(UInt32.max) else { throw .unpackable }
        let row = try Row(source, codes: &codes)
        let name = try names.add(source.folded)
        rows.insert(row, at: index)
        nameOf.insert(name, at: index)
    }

    /// One pass from the first row gone, however many go (an import undone).
    private mutating func remove(at gone: [Int]) {
        guard let first = gone.first else { return }
        var next = 0, kept = first
        for index in first..<rows.count {
            if next < gone.count, gone[next] == index {
                names.release(nameOf[index])
                next += 1
                continue
            }
            rows[kept] = rows[index]
            nameOf[kept] = nameOf[index]
            kept += 1
        }
        rows.removeLast(rows.count - kept)
        nameOf.removeLast(nameOf.count - kept)
    }

    /// Applies re-read rows: a row whose sort key and name are unchanged is replaced where it
    /// stands; rows gone (in `ids` but not read) are removed; the rest are removed and returned,
    /// to be placed again.
    mutating func update(_ sources: [Row.Source], ids: Set<Int64>) throws(SearchModelError) -> [Row.Source] {
        var read: [Int64: Row.Source] = [:]
        for source in sources where read[source.id] == nil { read[source.id] = source }
        let wanted = ids.union(read.keys)
        let at = positions(of: wanted)
        var removed: [Int] = []
        var moved: [Row.Source] = []
        for id in wanted {
            guard let source = read[id] else {
                if let index = at[id] { removed.append(index) }
                continue
            }
            if let index = at[id], rows[index].keyHash == fnv1a(source.key.utf8),
               names.name(nameOf[index]).elementsEqual(source.folded.utf8) {
                rows[index] = try Row(source, codes: &codes)
            } else {
                if let index = at[id] { removed.append(index) }
                moved.append(source)
            }
        }
        remove(at: removed.sorted())
        return moved
    }

    /// Walks the rows in order (or reversed), counting those `accepts` takes and keeping the ids of
    /// the requested page.
    func page(matching needle: [UInt8], limit: Int, offset: Int, descending: Bool, counts: Bool,
              also extra: Set<Int64> = [], accepts: (Row) -> Bool) -> SearchModel.Hits {
        var matched = [UInt64](repeating: 0, count: names.count / 64 + 1)
        var any = false
        names.forEachMatch(needle) { number in
            matched[number >> 6] |= 1 << UInt64(number & 63)
            any = true
        }
        let extras = Set(indices(of: extra))
        guard any || !extras.isEmpty else { return SearchModel.Hits(ids: [], total: counts ? 0 : -1) }
        var ids: [Int64] = []
        var total = 0
        func visit(_ index: Int) -> Bool {
            let row = rows[index]
            guard accepts(row) else { return true }
            if total >= offset && ids.count < limit { ids.append(Int64(row.id)) }
            total += 1
            return counts || ids.count < limit
        }
        nameOf.withUnsafeBufferPointer { nameOf in
            matched.withUnsafeBufferPointer { matched in
                func hit(_ index: Int) -> Bool {
                    let number = Int(nameOf[index])
                    return matched[number >> 6] & (1 << UInt64(number & 63)) != 0 || (!extras.isEmpty && extras.contains(index))
                }
                if descending {
                    for index in nameOf.indices.reversed() where hit(index) { if !visit(index) { break } }
                } else {
                    for index in nameOf.indices where hit(index) { if !visit(index) { break } }
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
    let keyHash: UInt32
    let commune: UInt16
    let productSet: UInt8
    let province: UInt8
    let sector: UInt8
    /// Stars (high 4 bits; 0 when the product holds no valid certificate) and status code: one
    /// byte, so a row takes 20.
    private let starsAndStatus: UInt8
    let group: UInt8
    let legalForm: UInt8

    var stars: UInt8 { starsAndStatus >> 4 }
    var status: UInt8 { starsAndStatus & 0x0F }

    var areaSubject: UInt32 { subject }

    init(_ s: Source, codes: inout Codes) throws(SearchModelError) {
        guard s.subjectID >= 0, s.subjectID <= Int64(UInt32.max), (0...255).contains(s.productSet),
              (0...255).contains(s.sector), (0...15).contains(s.stars ?? 0) else { throw .unpackable }
        id = UInt32(s.id)
        subject = UInt32(s.subjectID)
        keyHash = fnv1a(s.key.utf8)
        commune = try codes.communes.code(s.commune)
        productSet = UInt8(s.productSet)
        province = try codes.provinces.code(s.province)
        sector = UInt8(s.sector)
        let status = try codes.statuses.code(s.status)
        guard status < 16 else { throw .unpackable }
        starsAndStatus = UInt8(s.stars ?? 0) << 4 | status
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
    let keyHash: UInt32
    /// Published (visible outside its area) while it has an active product.
    var activeProducts: UInt32
    let commune: UInt16
    let channels: UInt16
    let province: UInt8
    let legalForm: UInt8

    var areaSubject: UInt32 { id }

    init(_ s: Source, codes: inout Codes) throws(SearchModelError) {
        id = UInt32(s.id)
        keyHash = fnv1a(s.key.utf8)
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

    /// Every row, streamed in order; nil when the model would take more than `budget` bytes.
    static func read(from db: any SQLDatabase, budget: Int) async throws -> Tables? {
        let counts = try await db.raw("""
            SELECT (SELECT count(*) FROM \(unsafeRaw: RegistrySchema.products)) AS p, (SELECT count(*) FROM \(unsafeRaw: RegistrySchema.subjects)) AS s
            """).first()
        let products = try counts?.decode(column: "p", as: Int.self) ?? 0
        let subjects = try counts?.decode(column: "s", as: Int.self) ?? 0
        // The rows and their names' numbers, known before reading; how much the distinct names
        // add is seen while reading (below), so a catalogue past the budget stops early.
        let rows = products * (MemoryLayout<ProductRow>.stride + 4) + subjects * (MemoryLayout<SubjectRow>.stride + 4)
        guard rows + rows / 4 <= budget else { return nil }

        // Rows arrive on the driver's thread one at a time, into one box.
        final class Reading: @unchecked Sendable {
            var active: [Int64: Int] = [:]
            var tables = Tables(products: NameTable(codes: Codes()), subjects: NameTable(codes: Codes()))
            var failure: (any Error)?
            var overBudget = false
            private var read = 0
            private let rows: Int, budget: Int
            init(rows: Int, budget: Int) { self.rows = rows; self.budget = budget }

            func take(_ add: () throws -> Void) {
                guard failure == nil, !overBudget else { return }
                do { try add() } catch { failure = error }
                read += 1
                if read % 65_536 == 0, rows + tables.products.names.size + tables.subjects.names.size > budget { overBudget = true }
            }
        }
        let reading = Reading(rows: rows, budget: budget)
        try await db.raw("SELECT subject_id, count(*) AS n FROM \(unsafeRaw: RegistrySchema.products) WHERE status = 'active' GROUP BY subject_id")
            .run { row in
                if let id = try? row.decode(column: "subject_id", as: Int64.self) { reading.active[id] = (try? row.decode(column: "n", as: Int.self)) ?? 0 }
            }
        reading.tables.products.reserve(products)
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: productColumns) FROM \(unsafeRaw: RegistrySchema.products) p JOIN \(unsafeRaw: RegistrySchema.subjects) s ON s.id = p.subject_id ORDER BY p.name_collation, p.id"))
            .run { row in reading.take { try reading.tables.products.append(try productSource(row)) } }
        if let failure = reading.failure { throw failure }
        if reading.overBudget { return nil }
        reading.tables.subjects.codes = reading.tables.products.codes
        reading.tables.subjects.reserve(subjects)
        try await db.raw(SQLQueryString("SELECT \(unsafeRaw: subjectColumns) FROM \(unsafeRaw: RegistrySchema.subjects) ORDER BY name_collation, id"))
            .run { row in
                reading.take {
                    let source = try subjectSource(row)
                    try reading.tables.subjects.append(source.with(active: reading.active[source.id] ?? 0))
                }
            }
        if let failure = reading.failure { throw failure }
        if reading.overBudget || reading.tables.size > budget { return nil }
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
        let productSet = filter.productSet.map { UInt8(clamping: $0) }
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
