import Foundation
import OCOPPluginKit
import SQLKit

/// Reads `audit_log`, newest first, limited to what the reader may see.
public struct AuditTrail: Sendable {
    /// One recorded change as `GET /api/v1/audit` shows it.
    public struct Record: Codable, Sendable, Equatable {
        public var id: Int64
        public var at: String
        public var actorUserID: Int64?
        public var actorUsername: String?
        public var actorRole: String?
        public var action: String
        public var entity: String
        public var entityID: String
        public var provinceCode: String?
        public var summary: String
        public var details: String?

        enum CodingKeys: String, CodingKey {
            case id, at, action, entity, summary, details
            case actorUserID = "actor_user_id"
            case actorUsername = "actor_username"
            case actorRole = "actor_role"
            case entityID = "entity_id"
            case provinceCode = "province_code"
        }
    }

    public struct Filter: Sendable {
        public var entity: String?
        public var entityID: String?
        public var action: String?
        public var limit: Int
        public var offset: Int

        public init(entity: String? = nil, entityID: String? = nil, action: String? = nil, limit: Int = 50, offset: Int = 0) {
            self.entity = entity
            self.entityID = entityID
            self.action = action
            self.limit = limit
            self.offset = offset
        }
    }

    public let database: any SQLStore

    public init(database: any SQLStore) {
        self.database = database
    }

    /// A national admin (or nil: the command line) sees every entry; a province officer only
    /// their province's; any other role nothing.
    public func entries(_ filter: Filter, visibleTo reader: Principal?) async throws -> (items: [Record], total: Int) {
        var province: String?
        if let reader, reader.role != .nationalAdmin {
            guard reader.role == .provinceOfficer, let own = reader.provinceCode else { return ([], 0) }
            province = own
        }
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let province { builder = builder.where("province_code", .equal, province) }
            if let entity = filter.entity { builder = builder.where("entity", .equal, entity) }
            if let entityID = filter.entityID { builder = builder.where("entity_id", .equal, entityID) }
            if let action = filter.action { builder = builder.where("action", .equal, action) }
            return builder
        }
        let rows = try await apply(database.sql.select().columns("*").from(AccountsSchema.audit))
            .orderBy("id", .descending).limit(filter.limit).offset(filter.offset).all()
        let count = try await apply(database.sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(AccountsSchema.audit)).first()
        return (try rows.map(Self.record), try count?.decode(column: "n", as: Int.self) ?? 0)
    }

    static func record(_ row: any SQLRow) throws -> Record {
        Record(
            id: try row.decode(column: "id", as: Int64.self),
            at: try row.decode(column: "at", as: String.self),
            actorUserID: try row.decode(column: "actor_user_id", as: Int64?.self),
            actorUsername: try row.decode(column: "actor_username", as: String?.self),
            actorRole: try row.decode(column: "actor_role", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            entity: try row.decode(column: "entity", as: String.self),
            entityID: try row.decode(column: "entity_id", as: String.self),
            provinceCode: try row.decode(column: "province_code", as: String?.self),
            summary: try row.decode(column: "summary", as: String.self),
            details: try row.decode(column: "details", as: String?.self)
        )
    }
}
