import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The tables and their definitions: what each counts, exactly, so a figure can be recomputed from records.
enum StatisticsCatalogue {
    static let standing = "A product counts when its standing on the as-of day grants 3 stars or more: its latest certification "
        + "ledger row decided on or before that day (ties: the later recorded row) is not a revocation or withdrawal and is valid "
        + "until that day or later. A potential 5-star standing (decision 'potential_5') is counted apart from 4 stars. "
        + "The product's registry status is not considered (it is today's, not the day's)."

    static let entries: [Statistics.Entry] = [
        .init(id: "by-stars", title: "Sản phẩm OCOP theo hạng sao",
              definition: standing + " One row per star level, with its share of all products counted."),
        .init(id: "by-province", title: "Sản phẩm OCOP theo tỉnh, thành phố (đơn vị hành chính từ 2025)",
              definition: standing + " Grouped by the product's 2025 province; provinces with no product counted are left out; rows in Vietnamese order of the name."),
        .init(id: "by-commune", title: "Sản phẩm OCOP theo xã, phường (đơn vị hành chính từ 2025)",
              definition: standing + " Grouped by the product's 2025 commune; rows in Vietnamese order of province then commune name."),
        .init(id: "by-legacy-province", title: "Sản phẩm OCOP theo tỉnh cũ (trước 2025)",
              definition: standing + " Grouped by the pre-2025 province of the product's recorded pre-2025 commune (legacy_commune_code); products without one are counted in a row of their own."),
        .init(id: "by-legacy-district", title: "Sản phẩm OCOP theo huyện cũ (trước 2025)",
              definition: standing + " Grouped by the pre-2025 district of the product's recorded pre-2025 commune (legacy_commune_code); products without one are counted in a row of their own."),
        .init(id: "by-legacy-commune", title: "Sản phẩm OCOP theo xã cũ (trước 2025)",
              definition: standing + " Grouped by the product's recorded pre-2025 commune (legacy_commune_code); products without one are counted in a row of their own."),
        .init(id: "by-sector", title: "Sản phẩm OCOP theo ngành (QĐ 148)",
              definition: standing + " Grouped by the product's sector (6 sectors of QĐ 148/QĐ-TTg)."),
        .init(id: "by-group", title: "Sản phẩm OCOP theo nhóm (QĐ 148)",
              definition: standing + " Grouped by the product's group (17 groups of QĐ 148/QĐ-TTg)."),
        .init(id: "by-product-set", title: "Sản phẩm OCOP theo bộ sản phẩm (QĐ 148)",
              definition: standing + " Grouped by the product's set (26 sets of QĐ 148/QĐ-TTg)."),
        .init(id: "by-legal-form", title: "Sản phẩm và chủ thể OCOP theo loại hình",
              definition: standing + " Grouped by the legal form of the product's subject; a subject counts once when at least one of its products counts."),
        .init(id: "by-recognition-year", title: "Quyết định công nhận theo năm",
              definition: "Certification ledger rows that recognised stars (decision 'recognised' or 'potential_5', 3 stars or more) decided on or before the as-of day, by the year decided; each decision counts once, so a product recognised again counts in each year."),
        .init(id: "expiring-by-month", title: "Giấy chứng nhận hết hạn theo tháng",
              definition: "Products whose latest certification ledger row decided on or before the as-of day grants 3 stars or more (not a revocation or withdrawal) and is valid until a day of the given year, by the month it runs out; months before the as-of day hold certificates that ran out without a later decision."),
        .init(id: "promotion-coverage", title: "Tỷ lệ sản phẩm OCOP được giới thiệu tại sự kiện xúc tiến",
              definition: standing + " Of those, a product is shown when ocop.events lists it among the products of an event (accepted, not withdrawn) that started between the 1st of January of the given year and the as-of day (or the year's end); the share is shown ÷ counted."),
        .init(id: "revenue-by-event-kind", title: "Doanh thu sự kiện xúc tiến theo loại",
              definition: "Events of ocop.events that are not cancelled and started between the 1st of January of the given year and the as-of day (or the year's end), by kind; visitors, orders and revenue (integer đồng) are summed over their recorded results."),
    ]

    static let eventKindNames: [String: String] = [
        "fair": "Hội chợ", "festival": "Lễ hội", "product-week": "Tuần hàng OCOP", "livestream": "Phiên livestream bán hàng",
        "exhibition": "Triển lãm", "periodic-market": "Phiên chợ định kỳ",
    ]
}

extension StatisticsQuery {
    static let notRecorded = "(không ghi nhận)"
    static let unknownUnit = "(mã không có trong danh mục)"

    func compute(_ id: String) async throws -> StatTable {
        let units = try AdminUnits.shared
        func table(_ columns: [StatTable.Column], _ rows: [[StatTable.Cell]], definition: String = "") -> StatTable {
            StatTable(id: id, title: "", definition: definition, asOf: scope.asOf, queriedAt: "", columns: columns, rows: rows)
        }
        func sorted(_ rows: [(sortKey: String, cells: [StatTable.Cell])]) -> [[StatTable.Cell]] {
            rows.sorted { $0.sortKey < $1.sortKey }.map(\.cells)
        }
        func provinceName(_ code: String) -> String {
            ProvinceCode(code).flatMap { units.province($0)?.name } ?? Self.unknownUnit
        }
        func totalRow(_ groups: [(key: String?, buckets: StarBuckets)], label: [StatTable.Cell]) -> [StatTable.Cell] {
            var all = StarBuckets()
            for g in groups { all.add(g.buckets) }
            return label + all.cells
        }
        let buckets = Statistics.bucketColumns
        let total: [StatTable.Cell] = [.text(""), .text("Tổng cộng")]
        switch id {
        case "by-stars":
            let groups = try await standing(by: "'all'")
            var all = StarBuckets()
            for g in groups { all.add(g.buckets) }
            let levels: [(String, String, Int64)] = [("3", "3 sao", all.stars3), ("4", "4 sao", all.stars4),
                                                     ("potential_5", "Tiềm năng 5 sao", all.potential5), ("5", "5 sao", all.stars5)]
            let rows: [[StatTable.Cell]] = levels.map { level in
                [.text(level.0), .text(level.1), .integer(level.2), .percent(all.total == 0 ? 0 : Double(level.2) * 100 / Double(all.total))]
            } + [[.text("total"), .text("Tổng cộng"), .integer(all.total), .percent(all.total == 0 ? 0 : 100)]]
            return table([.init("level", title: "Hạng", kind: .text), .init("name", title: "Hạng sao", kind: .text),
                          .init("products", title: "Số sản phẩm", kind: .integer), .init("share", title: "Tỷ lệ (%)", kind: .percent)], rows)
        case "by-province":
            let groups = try await standing(by: "p.province_code")
            let rows = groups.map { g -> (sortKey: String, cells: [StatTable.Cell]) in
                let name = provinceName(g.key ?? "")
                return (VietnameseText.collationKey(name), [.text(g.key ?? ""), .text(name)] + g.buckets.cells)
            }
            return table([.init("province_code", title: "Mã tỉnh", kind: .text), .init("province", title: "Tỉnh, thành phố", kind: .text)] + buckets,
                         sorted(rows) + [totalRow(groups, label: total)])
        case "by-commune":
            let groups = try await standing(by: "p.commune_code")
            let rows = groups.map { g -> (sortKey: String, cells: [StatTable.Cell]) in
                let commune = CommuneCode(g.key ?? "").flatMap { units.commune($0) }
                let province = commune.map { provinceName($0.provinceCode.rawValue) } ?? Self.unknownUnit
                let name = commune?.name ?? Self.unknownUnit
                return (VietnameseText.collationKey(province) + "\u{1}" + VietnameseText.collationKey(name),
                        [.text(g.key ?? ""), .text(name), .text(province)] + g.buckets.cells)
            }
            return table([.init("commune_code", title: "Mã xã", kind: .text), .init("commune", title: "Xã, phường", kind: .text),
                          .init("province", title: "Tỉnh, thành phố", kind: .text)] + buckets,
                         sorted(rows) + [totalRow(groups, label: [.text(""), .text("Tổng cộng"), .text("")])])
        case "by-legacy-province", "by-legacy-district", "by-legacy-commune":
            let groups = try await standing(by: "p.legacy_commune_code")
            // Re-grouped here: the old districts are not derivable from the commune code.
            var merged: [String: (cells: [StatTable.Cell], sortKey: String, buckets: StarBuckets)] = [:]
            for g in groups {
                let legacy = g.key.flatMap(CommuneCode.init).flatMap { units.legacyCommune($0) }
                let key: String
                let label: [StatTable.Cell]
                let sortKey: String
                if g.key == nil {
                    key = ""
                    label = id == "by-legacy-province" ? [.text(""), .text(Self.notRecorded)]
                        : id == "by-legacy-district" ? [.text(""), .text(Self.notRecorded), .text("")]
                        : [.text(""), .text(Self.notRecorded), .text(""), .text("")]
                    sortKey = "\u{FFFF}"
                } else if let legacy {
                    let oldProvince = units.legacyProvince(legacy.provinceCode)?.name ?? Self.unknownUnit
                    switch id {
                    case "by-legacy-province":
                        key = legacy.provinceCode.rawValue
                        label = [.text(key), .text(oldProvince)]
                        sortKey = VietnameseText.collationKey(oldProvince)
                    case "by-legacy-district":
                        key = legacy.districtCode.rawValue
                        label = [.text(key), .text(legacy.districtName), .text(oldProvince)]
                        sortKey = VietnameseText.collationKey(oldProvince) + "\u{1}" + VietnameseText.collationKey(legacy.districtName)
                    default:
                        key = legacy.code.rawValue
                        label = [.text(key), .text(legacy.name), .text(legacy.districtName), .text(oldProvince)]
                        sortKey = VietnameseText.collationKey(oldProvince) + "\u{1}" + VietnameseText.collationKey(legacy.districtName)
                            + "\u{1}" + VietnameseText.collationKey(legacy.name)
                    }
                } else {
                    key = "?" + (g.key ?? "")
                    let code = g.key ?? ""
                    label = id == "by-legacy-province" ? [.text(code), .text(Self.unknownUnit)]
                        : id == "by-legacy-district" ? [.text(code), .text(Self.unknownUnit), .text("")]
                        : [.text(code), .text(Self.unknownUnit), .text(""), .text("")]
                    sortKey = "\u{FFFE}" + code
                }
                var entry = merged[key] ?? (label, sortKey, StarBuckets())
                entry.buckets.add(g.buckets)
                merged[key] = entry
            }
            let rows = merged.values.map { (sortKey: $0.sortKey, cells: $0.cells + $0.buckets.cells) }
            let columns: [StatTable.Column]
            switch id {
            case "by-legacy-province":
                columns = [.init("legacy_province_code", title: "Mã tỉnh cũ", kind: .text), .init("legacy_province", title: "Tỉnh cũ", kind: .text)]
            case "by-legacy-district":
                columns = [.init("legacy_district_code", title: "Mã huyện cũ", kind: .text), .init("legacy_district", title: "Huyện cũ", kind: .text),
                           .init("legacy_province", title: "Tỉnh cũ", kind: .text)]
            default:
                columns = [.init("legacy_commune_code", title: "Mã xã cũ", kind: .text), .init("legacy_commune", title: "Xã cũ", kind: .text),
                           .init("legacy_district", title: "Huyện cũ", kind: .text), .init("legacy_province", title: "Tỉnh cũ", kind: .text)]
            }
            let blank = Array(repeating: StatTable.Cell.text(""), count: columns.count - 2)
            return table(columns + buckets, sorted(rows) + [totalRow(groups, label: [.text(""), .text("Tổng cộng")] + blank)])
        case "by-sector":
            let groups = try await standing(by: "CAST(p.sector AS TEXT)")
            let found = Dictionary(uniqueKeysWithValues: groups.map { ($0.key ?? "", $0.buckets) })
            let rows: [[StatTable.Cell]] = Sector.allCases.map { sector in
                [.text(String(sector.code)), .text(sector.vietnameseName)] + (found[String(sector.code)] ?? StarBuckets()).cells
            }
            return table([.init("sector", title: "Mã ngành", kind: .text), .init("name", title: "Ngành", kind: .text)] + buckets,
                         rows + [totalRow(groups, label: total)])
        case "by-group":
            let groups = try await standing(by: "p.product_group")
            let found = Dictionary(uniqueKeysWithValues: groups.map { ($0.key ?? "", $0.buckets) })
            let rows: [[StatTable.Cell]] = ProductGroup.allCases.map { group in
                [.text(group.code), .text(group.vietnameseName), .text(group.sector.vietnameseName)] + (found[group.code] ?? StarBuckets()).cells
            }
            return table([.init("group", title: "Mã nhóm", kind: .text), .init("name", title: "Nhóm", kind: .text),
                          .init("sector", title: "Ngành", kind: .text)] + buckets,
                         rows + [totalRow(groups, label: [.text(""), .text("Tổng cộng"), .text("")])])
        case "by-product-set":
            let groups = try await standing(by: "CAST(p.product_set AS TEXT)")
            let found = Dictionary(uniqueKeysWithValues: groups.map { ($0.key ?? "", $0.buckets) })
            let rows: [[StatTable.Cell]] = ProductSet.allCases.map { set in
                [.text(String(set.code)), .text(set.vietnameseName), .text(set.group.code)] + (found[String(set.code)] ?? StarBuckets()).cells
            }
            return table([.init("product_set", title: "Mã bộ", kind: .text), .init("name", title: "Bộ sản phẩm", kind: .text),
                          .init("group", title: "Mã nhóm", kind: .text)] + buckets,
                         rows + [totalRow(groups, label: [.text(""), .text("Tổng cộng"), .text("")])])
        case "by-legal-form":
            let groups = try await standing(by: "s.legal_form")
            let subjects = try await subjectsByLegalForm()
            let found = Dictionary(uniqueKeysWithValues: groups.map { ($0.key ?? "", $0.buckets) })
            let known = LegalForm.allCases.map(\.rawValue)
            let extra = found.keys.filter { !known.contains($0) }.sorted()
            let rows: [[StatTable.Cell]] = (known + extra).map { form in
                let name = LegalForm(rawValue: form)?.vietnameseName ?? (form.isEmpty ? Self.notRecorded : form)
                return [.text(form), .text(name), .integer(subjects[form] ?? 0)] + (found[form] ?? StarBuckets()).cells
            }
            return table([.init("legal_form", title: "Mã loại hình", kind: .text), .init("name", title: "Loại hình", kind: .text),
                          .init("subjects", title: "Số chủ thể", kind: .integer)] + buckets,
                         rows + [totalRow(groups, label: [.text(""), .text("Tổng cộng"), .integer(subjects.values.reduce(0, +))])])
        case "by-recognition-year":
            let groups = try await recognitionsByYear()
            let rows = groups.map { (sortKey: $0.key ?? "", cells: [.text($0.key ?? "")] + $0.buckets.cells) }
            return table([.init("year", title: "Năm", kind: .text)] + buckets, sorted(rows) + [totalRow(groups, label: [.text("Tổng cộng")])])
        case "expiring-by-month":
            let groups = try await expiriesByMonth()
            let found = Dictionary(uniqueKeysWithValues: groups.map { ($0.key ?? "", $0.buckets) })
            let rows: [[StatTable.Cell]] = (1...12).map { month in
                let key = String(format: "%04d-%02d", scope.year, month)
                return [.text(key)] + (found[key] ?? StarBuckets()).cells
            }
            return table([.init("month", title: "Tháng hết hạn", kind: .text)] + buckets, rows + [totalRow(groups, label: [.text("Tổng cộng")])])
        case "promotion-coverage":
            let columns: [StatTable.Column] = [
                .init("province_code", title: "Mã tỉnh", kind: .text), .init("province", title: "Tỉnh, thành phố", kind: .text),
                .init("products", title: "Sản phẩm OCOP", kind: .integer), .init("shown", title: "Đã giới thiệu tại sự kiện", kind: .integer),
                .init("share", title: "Tỷ lệ (%)", kind: .percent),
            ]
            guard try await Self.viewExists(PromotionViews.eventProducts, on: db) else {
                return table(columns, [], definition: Self.noPromotion)
            }
            let coverage = try await promotionCoverage()
            func share(_ a: Int64, _ b: Int64) -> StatTable.Cell { .percent(b == 0 ? 0 : Double(a) * 100 / Double(b)) }
            let rows = coverage.map { c -> (sortKey: String, cells: [StatTable.Cell]) in
                let name = provinceName(c.province)
                return (VietnameseText.collationKey(name), [.text(c.province), .text(name), .integer(c.certified), .integer(c.shown), share(c.shown, c.certified)])
            }
            let certified = coverage.reduce(0) { $0 + $1.certified }, shown = coverage.reduce(0) { $0 + $1.shown }
            return table(columns, sorted(rows) + [[.text(""), .text("Tổng cộng"), .integer(certified), .integer(shown), share(shown, certified)]])
        case "revenue-by-event-kind":
            let columns: [StatTable.Column] = [
                .init("kind", title: "Mã loại", kind: .text), .init("name", title: "Loại sự kiện", kind: .text),
                .init("events", title: "Số sự kiện", kind: .integer), .init("closed", title: "Đã kết thúc", kind: .integer),
                .init("visitors", title: "Lượt khách", kind: .integer), .init("orders", title: "Đơn hàng", kind: .integer),
                .init("revenue_total", title: "Doanh thu (đồng)", kind: .vnd), .init("revenue_ocop", title: "Doanh thu OCOP (đồng)", kind: .vnd),
            ]
            guard try await Self.viewExists(PromotionViews.events, on: db) else {
                return table(columns, [], definition: Self.noPromotion)
            }
            let kinds = try await eventsByKind()
            func cells(_ f: KindFigures) -> [StatTable.Cell] {
                [.integer(f.events), .integer(f.closed), .integer(f.visitors), .integer(f.orders), .integer(f.revenueTotal), .integer(f.revenueOCOP)]
            }
            var all = KindFigures()
            let rows = kinds.map { kind, figures -> (sortKey: String, cells: [StatTable.Cell]) in
                all.add(figures)
                let name = StatisticsCatalogue.eventKindNames[kind] ?? kind
                return (VietnameseText.collationKey(name), [.text(kind), .text(name)] + cells(figures))
            }
            return table(columns, sorted(rows) + [[.text(""), .text("Tổng cộng")] + cells(all)])
        default:
            throw DomainError.notFound("No statistic '\(id)'.")
        }
    }

    static let noPromotion = "Not available: ocop.events is not enabled on this host (or its views are not created yet), so there are no promotion figures."
}
