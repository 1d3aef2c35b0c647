import Foundation
import OCOPCSV
import OCOPPluginKit
import SQLKit

/// A reward due to a producer for a product's new star level.
public struct Reward: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case newLevel = "new_level", upgrade }
    public var id: Int64
    public var productID: Int64
    public var productName: String
    public var subjectID: Int64
    public var subjectName: String
    public var stars: Int
    public var previousStars: Int
    public var kind: Kind
    public var amountVND: Int
    public var decidedOn: String
    public var certificateNumber: String?
    /// The certification event that made it due (rewards are idempotent by it).
    public var eventID: Int64

    enum CodingKeys: String, CodingKey {
        case id, stars, kind
        case productID = "product_id", productName = "product_name", subjectID = "subject_id", subjectName = "subject_name"
        case previousStars = "previous_stars", amountVND = "amount_vnd", decidedOn = "decided_on"
        case certificateNumber = "certificate_number", eventID = "event_id"
    }
}

/// `bac_ninh_rewards` and the highest level each product has reached.
struct RewardStore: Sendable {
    static let rewards = "bac_ninh_rewards"
    static let levels = "bac_ninh_product_levels"

    static let migration = Migration("0001_rewards") { db, _ in
        try await db.create(table: rewards)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("event_id", type: .bigint, .notNull)
            .column("product_id", type: .bigint, .notNull)
            .column("product_name", type: .text, .notNull)
            .column("subject_id", type: .bigint, .notNull)
            .column("subject_name", type: .text, .notNull)
            .column("stars", type: .int, .notNull)
            .column("previous_stars", type: .int, .notNull)
            .column("kind", type: .text, .notNull)
            .column("amount_vnd", type: .bigint, .notNull)
            .column("decided_on", type: .text, .notNull)
            .column("certificate_number", type: .text)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(index: "bac_ninh_rewards_event").on(rewards).column("event_id").unique().run()
        try await db.create(index: "bac_ninh_rewards_decided").on(rewards).column("decided_on").run()
        try await db.create(table: levels)
            .column("product_id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("highest_stars", type: .int, .notNull)
            .run()
    }

    /// Handles one certification: raises the product's highest level and records the reward due,
    /// in one transaction; a second delivery of the same event changes nothing.
    func apply(_ envelope: EventEnvelope<CertificationRecorded>, policies: RewardPolicies, products: any ProductLookup,
               context: PluginContext) async throws {
        let event = envelope.event
        // A revocation or withdrawal takes stars away; it is never rewarded.
        guard event.provinceCode == policies.province, event.grantsStars else { return }
        try await context.database.transaction { db in
            let seen = try await db.select().column("id").from(Self.rewards).where("event_id", .equal, envelope.id).first()
            guard seen == nil else { return }
            let previous = try await db.select().column("highest_stars").from(Self.levels).where("product_id", .equal, event.productID)
                .first()?.decode(column: "highest_stars", as: Int.self) ?? 0
            guard event.stars > previous else { return }
            try await db.insert(into: Self.levels).columns("product_id", "highest_stars").values(SQLBind(event.productID), SQLBind(event.stars))
                .onConflict(with: ["product_id"]) { $0.set(excludedValueOf: "highest_stars") }.run()
            guard let due = policies.reward(stars: event.stars, previous: previous, decidedOn: event.decidedOn) else { return }
            let facts = try await products.product(event.productID, on: db)
            try await db.insert(into: Self.rewards)
                .columns("event_id", "product_id", "product_name", "subject_id", "subject_name", "stars", "previous_stars", "kind",
                         "amount_vnd", "decided_on", "certificate_number", "created_at")
                .values(SQLBind(envelope.id), SQLBind(event.productID), SQLBind(facts?.name ?? "#\(event.productID)"), SQLBind(event.subjectID),
                        SQLBind(facts?.subjectName ?? "#\(event.subjectID)"), SQLBind(event.stars), SQLBind(previous), SQLBind(due.kind.rawValue),
                        SQLBind(Int64(due.amount)), SQLBind(event.decidedOn), SQLBind(event.certificateNumber), SQLBind(Date().formatted(.iso8601)))
                .run()
        }
    }

    struct Filter: Sendable {
        var year: Int?
        var limit = 50
        var offset = 0
    }

    func list(_ filter: Filter, on db: any SQLDatabase) async throws -> (items: [Reward], total: Int, amount: Int) {
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            guard let year = filter.year else { return builder }
            return builder.where("decided_on", .greaterThanOrEqual, String(format: "%04d-01-01", year))
                .where("decided_on", .lessThanOrEqual, String(format: "%04d-12-31", year))
        }
        let rows = try await apply(db.select().columns("*").from(Self.rewards)).orderBy("decided_on").orderBy("id")
            .limit(filter.limit).offset(filter.offset).all()
        let totals = try await apply(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            // PostgreSQL sums BIGINT as NUMERIC: cast back so both engines return an integer.
            .column(SQLRaw("CAST(COALESCE(SUM(amount_vnd), 0) AS BIGINT)"), as: "amount")
            .from(Self.rewards)).first()
        return (try rows.map(Self.reward), try totals?.decode(column: "n", as: Int.self) ?? 0, try totals?.decode(column: "amount", as: Int.self) ?? 0)
    }

    private static func reward(_ row: any SQLRow) throws -> Reward {
        Reward(id: try row.decode(column: "id", as: Int64.self), productID: try row.decode(column: "product_id", as: Int64.self),
               productName: try row.decode(column: "product_name", as: String.self), subjectID: try row.decode(column: "subject_id", as: Int64.self),
               subjectName: try row.decode(column: "subject_name", as: String.self), stars: try row.decode(column: "stars", as: Int.self),
               previousStars: try row.decode(column: "previous_stars", as: Int.self),
               kind: Reward.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .newLevel,
               amountVND: try row.decode(column: "amount_vnd", as: Int.self), decidedOn: try row.decode(column: "decided_on", as: String.self),
               certificateNumber: try row.decode(column: "certificate_number", as: String?.self), eventID: try row.decode(column: "event_id", as: Int64.self))
    }

    /// Excel-friendly CSV (BOM, formula-safe) of every reward of a year.
    func csv(year: Int?, on db: any SQLDatabase) async throws -> Data {
        let (items, _, _) = try await list(Filter(year: year, limit: Int(Int32.max), offset: 0), on: db)
        var writer = CSVWriter(byteOrderMark: true, excelSafe: true)
        writer.write(["Ngày quyết định", "Số chứng nhận", "Sản phẩm", "Chủ thể", "Hạng sao", "Hạng trước", "Loại thưởng", "Số tiền (đồng)"])
        for reward in items {
            writer.write([reward.decidedOn, reward.certificateNumber ?? "", reward.productName, reward.subjectName, String(reward.stars),
                          String(reward.previousStars), reward.kind == .newLevel ? "Đạt hạng mới" : "Nâng hạng", String(reward.amountVND)])
        }
        return writer.data
    }
}
