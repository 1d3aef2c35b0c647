import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Reads and writes accounts and their API tokens; the API, the command line and tests all
/// go through it, so validation, scoping and auditing happen in one place.
public struct AccountStore: Sendable {
    /// Filters for `users(_:visibleTo:)`.
    public struct UserFilter: Sendable {
        public var role: Role?
        /// Matches the username or display name, ignoring case and diacritics.
        public var query: String?
        public var provinceCode: String?
        public var limit: Int
        public var offset: Int

        public init(role: Role? = nil, query: String? = nil, provinceCode: String? = nil, limit: Int = 50, offset: Int = 0) {
            self.role = role
            self.query = query
            self.provinceCode = provinceCode
            self.limit = limit
            self.offset = offset
        }
    }

    public let database: any SQLStore
    let hasher: PasswordHasher
    let cache: PrincipalCache
    let tokenTTLDays: Int
    let throttle: SignInThrottle
    let usernameProbes: SignInThrottle

    /// Officers' creations that hit an existing username: 5 free, then 30 s doubling to an hour.
    static func makeProbeThrottle() -> SignInThrottle {
        SignInThrottle(freeFailures: 5, baseLockSeconds: 30, maxLockSeconds: 3600,
                       message: "Too many usernames that are already taken; try again later.")
    }
    let audit = SQLAuditLog()

    /// A store with its own settings; `bcryptCost` is clamped to 4…15. Inside the host, prefer
    /// `AccountsService.store(database:)`, which uses the configured settings and shared cache.
    public init(database: any SQLStore, bcryptCost: Int = 12, tokenTTLDays: Int = 90) {
        self.init(database: database, hasher: PasswordHasher(cost: bcryptCost), cache: PrincipalCache(),
                  tokenTTLDays: min(max(tokenTTLDays, AccountsConfig.tokenTTLRange.lowerBound), AccountsConfig.tokenTTLRange.upperBound))
    }

    init(database: any SQLStore, hasher: PasswordHasher, cache: PrincipalCache, tokenTTLDays: Int,
         throttle: SignInThrottle = SignInThrottle(), usernameProbes: SignInThrottle = AccountStore.makeProbeThrottle()) {
        self.usernameProbes = usernameProbes
        self.database = database
        self.hasher = hasher
        self.cache = cache
        self.tokenTTLDays = tokenTTLDays
        self.throttle = throttle
    }

    // MARK: Users

    /// Validates, authorises and stores a new account, and records `user.create` in the same
    /// transaction.
    ///
    /// - Parameters:
    ///   - creator: the signed-in creator, or nil for the command line (which may create anyone).
    ///   - services: where a `SubjectLookup` is found, if the registry module is loaded.
    /// - Throws: `Problem` 403 (creator may not), 422 (invalid fields, with paths), 409 (username taken).
    public func createUser(_ new: NewUser, by creator: Principal?, services: ServiceDirectory) async throws -> User {
        try UserRules.authorizeRole(new.role, creator: creator)
        let username = UserRules.normalizedUsername(new.username)
        var errors = UserRules.usernameErrors(username)
        let typedName = VietnameseText.nfc((new.displayName ?? username).trimmingCharacters(in: .whitespacesAndNewlines))
        let displayName: String
        switch TextSanitizer.sanitize(typedName) {
        case .success(let clean):
            displayName = clean
            if displayName.isEmpty || displayName.count > 200 {
                errors.append(.init(path: "/display_name", message: "must be 1–200 characters"))
            }
        case .failure(let refusal):
            displayName = typedName
            errors.append(.init(path: "/display_name", message: refusal.message))
        }
        errors += PasswordHasher.policyErrors(new.password)
        let area = try await UserRules.resolveArea(
            new, creator: creator, lookup: services.resolve((any SubjectLookup).self), database: database.sql, errors: &errors)
        guard errors.isEmpty, let area else { throw DomainError.invalid(errors) }
        try UserRules.authorizeArea(area, creator: creator)
        let taken = DomainError.conflict("The username '\(username)' is taken.", path: "/username")
        // Usernames are one namespace, so a 409 tells an officer that the name exists somewhere;
        // repeated collisions are slowed down so that other provinces' accounts cannot be listed.
        let prober = creator.flatMap { $0.role == .nationalAdmin ? nil : "user:\($0.userID)" }
        if let prober { try usernameProbes.check(prober) }
        if try await user(username: username) != nil {
            if let prober { usernameProbes.failed(prober) }
            throw taken
        }

        let passwordHash = await hasher.hash(new.password)
        let now = Timestamp.string(Date())
        let audit = self.audit
        let id: Int64
        do {
            id = try await database.transaction { db in
                let row = try await db.insert(into: AccountsSchema.users)
                    .columns("username", "display_name", "search_key", "password_hash", "role", "province_code",
                             "commune_code", "subject_id", "active", "created_at", "updated_at")
                    .values(SQLBind(username), SQLBind(displayName), SQLBind(VietnameseText.fold(username + " " + displayName)),
                            SQLBind(passwordHash), SQLBind(new.role.rawValue), SQLBind(area.provinceCode),
                            SQLBind(area.communeCode), SQLBind(area.subjectID), SQLBind(1), SQLBind(now), SQLBind(now))
                    .returning("id").first()
                guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Self.notStored("account") }
                var where_ = area.provinceCode.map { ", province \($0)" } ?? ""
                if let commune = area.communeCode { where_ += ", commune \(commune)" }
                if let subject = area.subjectID { where_ += ", subject \(subject)" }
                try await audit.record(AuditEntry(
                    actor: creator, action: "user.create", entity: "user", entityID: String(id), provinceCode: area.provinceCode,
                    summary: "Created \(new.role.rawValue) account '\(username)'\(where_)"), on: db)
                return id
            }
        } catch let error as DomainError {
            throw error
        } catch let problem as Problem {
            throw problem
        } catch {
            // Two creations raced past the check above; the unique index stopped the second.
            if try await user(username: username) != nil { throw taken }
            throw error
        }
        guard let user = try await user(id: id) else { throw Self.notStored("account") }
        return user
    }

    public func user(id: Int64) async throws -> User? {
        try await database.sql.select().columns(Self.userColumns).from(AccountsSchema.users)
            .where("id", .equal, id).first().map(Self.user)
    }

    /// Looks the username up case-insensitively (usernames are stored lowercase).
    public func user(username: String) async throws -> User? {
        try await database.sql.select().columns(Self.userColumns).from(AccountsSchema.users)
            .where("username", .equal, UserRules.normalizedUsername(username)).first().map(Self.user)
    }

    /// The account if `reader` may see it: national admins (and nil, the command line) see all,
    /// province officers the accounts of their province, anyone their own.
    public func user(id: Int64, visibleTo reader: Principal?) async throws -> User? {
        guard let user = try await user(id: id), Self.isVisible(user, to: reader) else { return nil }
        return user
    }

    static func isVisible(_ user: User, to reader: Principal?) -> Bool {
        guard let reader else { return true }
        if reader.role == .nationalAdmin || reader.userID == user.id { return true }
        return reader.role == .provinceOfficer && reader.provinceCode != nil && user.provinceCode == reader.provinceCode
    }

    /// Accounts `reader` may see, by username, with the total for paging.
    public func users(_ filter: UserFilter, visibleTo reader: Principal?) async throws -> (items: [User], total: Int) {
        var province = filter.provinceCode
        if let reader, reader.role != .nationalAdmin {
            guard reader.role == .provinceOfficer, let own = reader.provinceCode, province == nil || province == own else {
                return ([], 0)
            }
            province = own
        }
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let role = filter.role { builder = builder.where("role", .equal, role.rawValue) }
            if let province { builder = builder.where("province_code", .equal, province) }
            if let query = filter.query.map(VietnameseText.fold), !query.isEmpty {
                builder = builder.where(SQLQueryString("search_key LIKE \(bind: "%" + Self.escapeLike(query) + "%") ESCAPE '!'"))
            }
            return builder
        }
        let rows = try await apply(database.sql.select().columns(Self.userColumns).from(AccountsSchema.users))
            .orderBy("username").limit(filter.limit).offset(filter.offset).all()
        let count = try await apply(database.sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(AccountsSchema.users)).first()
        return (try rows.map(Self.user), try count?.decode(column: "n", as: Int.self) ?? 0)
    }

    /// Activates or deactivates an account. A deactivated account can neither sign in nor use
    /// its tokens; in this process that takes effect at once.
    @discardableResult
    public func setActive(_ active: Bool, userID: Int64, by actor: Principal?) async throws -> User? {
        guard let existing = try await user(id: userID) else { return nil }
        let now = Timestamp.string(Date())
        let audit = self.audit
        try await database.transaction { db in
            try await db.update(AccountsSchema.users).set("active", to: active ? 1 : 0).set("updated_at", to: now)
                .where("id", .equal, userID).run()
            try await audit.record(AuditEntry(
                actor: actor, action: active ? "user.activate" : "user.deactivate", entity: "user", entityID: String(userID),
                provinceCode: existing.provinceCode,
                summary: "\(active ? "Activated" : "Deactivated") account '\(existing.username)'"), on: db)
        }
        cache.remove(userID: userID)
        return try await user(id: userID)
    }

    // MARK: Rows

    static let userColumns = ["id", "username", "display_name", "role", "province_code", "commune_code", "subject_id",
                              "active", "created_at", "updated_at"]

    static func user(_ row: any SQLRow) throws -> User {
        let roleName = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleName) else { throw corrupt("unknown role '\(roleName)'") }
        return User(
            id: try row.decode(column: "id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: role,
            provinceCode: try row.decode(column: "province_code", as: String?.self),
            communeCode: try row.decode(column: "commune_code", as: String?.self),
            subjectID: try row.decode(column: "subject_id", as: Int64?.self),
            active: try row.decode(column: "active", as: Int.self) != 0,
            createdAt: try date(row, "created_at"),
            updatedAt: try date(row, "updated_at")
        )
    }

    static func date(_ row: any SQLRow, _ column: String) throws -> Date {
        let text = try row.decode(column: column, as: String.self)
        guard let date = Timestamp.date(text) else { throw corrupt("\(column) '\(text)' is not an ISO-8601 timestamp") }
        return date
    }

    /// `!` escapes LIKE's wildcards so a search for `a_b` finds only `a_b`.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
    }

    static func corrupt(_ detail: String) -> Problem {
        Problem(status: 500, title: "Internal Server Error", detail: "An accounts row is corrupt: \(detail).")
    }

    static func notStored(_ what: String) -> Problem {
        Problem(status: 500, title: "Internal Server Error", detail: "The \(what) was not stored.")
    }
}
