/// Where each canonical column sits in a file: shared by the header and every row (a class, so a
/// row carries one reference instead of a copy of the tables).
final class CSVColumnIndex: Sendable {
    /// Canonical name → 0-based field index.
    let positions: [String: Int]
    /// 0-based field index → canonical name (nil for a column without a header).
    let names: [String?]

    init(positions: [String: Int], names: [String?]) {
        self.positions = positions
        self.names = names
    }
}
