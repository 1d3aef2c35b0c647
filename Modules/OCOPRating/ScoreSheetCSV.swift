import Foundation
import OCOPCSV

/// Every fault of a score sheet file, in line order, so that a user fixes them in one pass.
/// Each reads `sheet.csv: line 7, column 3: …` (column = spreadsheet column number).
public struct SheetProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var errors: [CSVError]
    public var description: String { errors.map { "\(source): \($0)" }.joined(separator: "\n") }
}

/// A parsed sheet file: one `ScoreSheet` per member in order of first appearance, and the line
/// of every answer, so that reports can point back at the file.
public struct SheetFile: Sendable, Hashable {
    public var sheets: [ScoreSheet]
    /// member → criterion id → line.
    public var lines: [String: [String: Int]]
    /// Whether the file had a `member` column (a council sheet) or not (one self-assessment).
    public var hasMemberColumn: Bool
}

/// Filled score sheets as CSV (format in docs/rating.md, "Score sheet files"):
///
/// ```
/// member,criterion,points
/// an,1a,3
/// ```
///
/// `criterion` and `points` are required, `member` optional (without it the file is one sheet,
/// member `self`); `title` and `note` may carry the criterion's text for the person filling it and
/// are not read. Headers match as every CSV of the platform does (OCOPCSV: any order, case or
/// diacritics, Vietnamese aliases, an `STT` column skipped). Pure: reads only the bytes given.
public enum ScoreSheetCSV {
    /// The member name of a file without a `member` column.
    public static let singleMember = "self"

    static let columns = [
        CSVColumn("criterion", aliases: ["tiêu chí", "mã tiêu chí", "id"], required: true),
        CSVColumn("points", aliases: ["điểm", "số điểm"], required: true),
        CSVColumn("member", aliases: ["thành viên", "người chấm"]),
        // Read by people, not by the parser: a template lists the criterion's title and options.
        CSVColumn("title", aliases: ["tên tiêu chí", "nội dung"]),
        CSVColumn("note", aliases: ["ghi chú", "options", "các mức"]),
    ]

    public static func parse(_ data: Data, source: String, set: CriteriaSet) throws(SheetProblems) -> SheetFile {
        var errors: [CSVError] = []
        var table: CSVTableReader
        do { table = try CSVTableReader(data: data, columns: columns) } catch {
            throw SheetProblems(source: source, errors: [error])
        }
        let council = table.header.contains("member")

        // Case-insensitive ids: a spreadsheet may capitalise the first letter of a cell.
        var byID: [String: CriteriaSet.Criterion] = [:]
        for (_, _, criterion) in set.criteria { byID[criterion.id.lowercased()] = criterion }

        var order: [String] = []
        var points: [String: [String: Int]] = [:]
        var lines: [String: [String: Int]] = [:]
        while true {
            let next: CSVRow?
            do { next = try table.next() } catch {
                errors.append(error)
                if error.endsReading { break } else { continue }
            }
            guard let row = next else { break }
            let member = council ? row.value("member") : singleMember
            guard let member else { errors.append(row.error("member", "expected a member name (the file has a member column)")); continue }
            let who = council ? "member \(member): " : ""
            guard let rawID = row.value("criterion") else {
                errors.append(row.error("criterion", "expected a criterion id as `ocop criteria show \(set.id)` prints it"))
                continue
            }
            guard let criterion = byID[rawID.lowercased()] else {
                errors.append(row.error("criterion", "unknown criterion \(rawID); set \(set.id) has \(set.criteria.map(\.criterion.id).joined(separator: ", "))"))
                continue
            }
            let allowed = criterion.allowedPoints.map(String.init).joined(separator: ", ")
            guard let raw = row.value("points"), let value = integer(raw) else {
                errors.append(row.error("points", "\(who)criterion \(criterion.id) “\(criterion.title)”: expected points, one of \(allowed); found “\(row["points"] ?? "")”"))
                continue
            }
            guard criterion.allowedPoints.contains(value) else {
                errors.append(row.error("points", "\(who)criterion \(criterion.id) “\(criterion.title)”: \(value) points is not an option; its options give \(allowed)"))
                continue
            }
            if let earlier = lines[member]?[criterion.id] {
                errors.append(row.error("criterion", "\(who)criterion \(criterion.id) is scored twice (also at line \(earlier))"))
                continue
            }
            if points[member] == nil { order.append(member) }
            points[member, default: [:]][criterion.id] = value
            lines[member, default: [:]][criterion.id] = row.line
        }
        if order.isEmpty && errors.isEmpty {
            errors.append(CSVError(line: table.header.line, message: "no answers after the header row"))
        }
        if errors.contains(where: \.endsReading) { throw SheetProblems(source: source, errors: errors) }

        // Whole-sheet checks: every criterion answered, exactly one alternative per choice group,
        // and the same alternative for every member (the council scores the product on one).
        var branch: [String: (criterion: String, member: String, line: Int)] = [:]
        for member in order {
            let answers = points[member] ?? [:]
            let at = lines[member] ?? [:]
            let who = council ? "member \(member)" : "the sheet"
            var missing: [String] = []
            for part in set.parts {
                for group in part.groups {
                    let answered = group.criteria.filter { answers[$0.id] != nil }
                    if group.pick == .all {
                        missing += group.criteria.filter { answers[$0.id] == nil }.map(\.id)
                    } else if answered.isEmpty {
                        missing.append("one of " + group.criteria.map(\.id).joined(separator: "/"))
                    } else if answered.count > 1 {
                        let scored = answered.map { "\($0.id) (line \(at[$0.id] ?? 0))" }.joined(separator: ", ")
                        errors.append(CSVError(line: at[answered[1].id] ?? 0,
                            message: "\(who): group \(group.id) “\(group.title)” takes one of its alternatives; scored \(scored)"))
                    } else if let first = branch[group.id], first.criterion != answered[0].id {
                        errors.append(CSVError(line: at[answered[0].id] ?? 0,
                            message: "\(who) scored alternative \(answered[0].id) of group \(group.id); member \(first.member) scored \(first.criterion) (line \(first.line)); the council scores one"))
                    } else if branch[group.id] == nil {
                        branch[group.id] = (answered[0].id, member, at[answered[0].id] ?? 0)
                    }
                }
            }
            if !missing.isEmpty {
                // Located at the member's last answer: where the missing rows belong.
                errors.append(CSVError(line: at.values.max() ?? table.header.line,
                    message: "\(who) has no answer for \(missing.count) criteri\(missing.count == 1 ? "on" : "a"): \(missing.joined(separator: ", "))"))
            }
        }
        guard errors.isEmpty else {
            throw SheetProblems(source: source, errors: errors.sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) })
        }
        return SheetFile(sheets: order.map { ScoreSheet(member: $0, points: points[$0] ?? [:]) }, lines: lines, hasMemberColumn: council)
    }

    /// `3`, or `3.0` as some spreadsheets export a whole number.
    static func integer(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard let dot = text.firstIndex(of: "."), let value = Int(text[..<dot]),
              text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
        return value
    }

    /// A blank sheet for `set`: one row per criterion (both alternatives of a choice group; the
    /// filler deletes the one not taken), points empty, options listed in `note`.
    public static func template(for set: CriteriaSet, members: [String] = []) -> String {
        func quote(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var out = (members.isEmpty ? "" : "member,") + "criterion,points,title,note\n"
        for member in members.isEmpty ? [nil] : members.map(Optional.some) {
            for (_, group, criterion) in set.criteria {
                let options = criterion.allowedPoints.map(String.init).joined(separator: "/")
                let note = "points: \(options)" + (group.pick == .one ? "; alternative of group \(group.id): keep one" : "")
                out += (member.map { quote($0) + "," } ?? "") + "\(criterion.id),,\(quote(criterion.title)),\(quote(note))\n"
            }
        }
        return out
    }
}
