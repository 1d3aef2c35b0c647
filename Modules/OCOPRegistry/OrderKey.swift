import SQLKit

/// Where a row stands in the lists' order (`name_collation`, then id). An export asks for the
/// rows past the last one it wrote, which the order's index finds however deep the page is;
/// `OFFSET` re-read every row before it, so a whole export took time in the square of its rows
/// (28 minutes for 1,000,000 products).
struct OrderKey: Sendable, Hashable {
    var collation: String
    var id: Int64

    /// The key of a row read with its `name_collation` and `id` columns.
    init(row: any SQLRow) throws {
        collation = try row.decode(column: "name_collation", as: String.self)
        id = try row.decode(column: "id", as: Int64.self)
    }

    /// The rows of `table` (an alias) past this one: after it ascending, before it descending.
    func rowsPast(in table: String, descending: Bool) -> SQLQueryString {
        SQLQueryString("(\(unsafeRaw: table).name_collation, \(unsafeRaw: table).id) \(unsafeRaw: descending ? "<" : ">") (\(bind: collation), \(bind: id))")
    }
}
