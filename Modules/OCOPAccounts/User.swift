import Foundation
import OCOPPluginKit

/// An account as the API and the command line show it. The password hash never leaves the store.
public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var provinceCode: String?
    public var communeCode: String?
    public var subjectID: Int64?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, username, role, active
        case displayName = "display_name"
        case provinceCode = "province_code"
        case communeCode = "commune_code"
        case subjectID = "subject_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(id: Int64, username: String, displayName: String, role: Role, provinceCode: String?,
                communeCode: String?, subjectID: Int64?, active: Bool, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.subjectID = subjectID
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The principal requests signed in as this user act as.
    public var principal: Principal {
        Principal(userID: id, username: username, role: role, provinceCode: provinceCode,
                  communeCode: communeCode, subjectID: subjectID)
    }
}
