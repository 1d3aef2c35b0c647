import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// The role scoping rules of `createUser`, through the public store API.
enum ScopingChecks {
    static func nationalAdminHasNoArea(_ a: Accounts) async throws {
        let admin = try await a.user("Admin.One", .nationalAdmin, name: "Quản trị")
        #expect(admin.username == "admin.one")
        #expect(admin.provinceCode == nil && admin.communeCode == nil && admin.subjectID == nil)
        #expect(admin.active)
        let withArea = await problem { try await a.user("admin.two", .nationalAdmin, province: "01") }
        #expect(withArea?.status == 422)
        #expect(withArea?.paths == ["/province_code"])
    }

    static func provinceRolesNeedACurrentProvince(_ a: Accounts) async throws {
        for role in [Role.provinceOfficer, .councilMember] {
            let missing = await problem { try await a.user("\(role.rawValue).a", role) }
            #expect(missing?.status == 422)
            #expect(missing?.paths == ["/province_code"])
            // 02 was Hà Giang, merged into Tuyên Quang in 2025: not a current province.
            let legacy = await problem { try await a.user("\(role.rawValue).b", role, province: "02") }
            #expect(legacy?.paths == ["/province_code"])
            let withCommune = await problem { try await a.user("\(role.rawValue).c", role, province: "01", commune: "00577") }
            #expect(withCommune?.paths == ["/commune_code"])
            let ok = try await a.user("\(role.rawValue).d", role, province: "01")
            #expect(ok.provinceCode == "01")
            #expect(ok.communeCode == nil)
        }
    }

    static func communeOfficerProvinceIsDerived(_ a: Accounts) async throws {
        let missing = await problem { try await a.user("commune.a", .communeOfficer, province: "01") }
        #expect(missing?.paths == ["/commune_code"])
        let unknown = await problem { try await a.user("commune.b", .communeOfficer, commune: "99999") }
        #expect(unknown?.paths == ["/commune_code"])
        let mismatch = await problem { try await a.user("commune.c", .communeOfficer, province: "01", commune: "25747") }
        #expect(mismatch?.paths == ["/province_code"])
        let officer = try await a.user("commune.d", .communeOfficer, commune: "25747")
        #expect(officer.provinceCode == "79")
        #expect(officer.communeCode == "25747")
        #expect(officer.principal.provinceCode == "79")
    }

    static func producerWithoutLookupNeedsAProvince(_ a: Accounts) async throws {
        let noSubject = await problem { try await a.user("producer.a", .producer, province: "01") }
        #expect(noSubject?.paths == ["/subject_id"])
        let noProvince = await problem { try await a.user("producer.b", .producer, subject: 12) }
        #expect(noProvince?.paths == ["/province_code"])
        let foreignCommune = await problem { try await a.user("producer.c", .producer, province: "01", commune: "25747", subject: 12) }
        #expect(foreignCommune?.paths == ["/commune_code"])
        let producer = try await a.user("producer.d", .producer, province: "01", subject: 12)
        #expect(producer.provinceCode == "01")
        #expect(producer.subjectID == 12)
    }

    static func producerAreaComesFromTheSubjectLookup(_ a: Accounts) async throws {
        let producer = try await a.user("producer.e", .producer, subject: 13)
        #expect(producer.provinceCode == "79")
        #expect(producer.communeCode == "25747")
        let unknown = await problem { try await a.user("producer.f", .producer, subject: 999) }
        #expect(unknown?.paths == ["/subject_id"])
        let contradicts = await problem { try await a.user("producer.g", .producer, province: "01", subject: 13) }
        #expect(contradicts?.paths == ["/province_code"])
    }

    static func inputErrorsAreReportedTogether(_ a: Accounts) async throws {
        let bad = await problem {
            _ = try await a.store.createUser(NewUser(username: "x", displayName: "  ", password: "short", role: .provinceOfficer),
                                             by: nil, services: a.registry.directory)
        }
        #expect(bad?.status == 422)
        #expect(Set(bad?.paths ?? []) == ["/username", "/display_name", "/password", "/province_code"])
        #expect(try await a.auditCount(action: "user.create") == 0)
    }

    static func usernamesAreUniqueIgnoringCase(_ a: Accounts) async throws {
        try await a.user("Lan.Tran", .councilMember, province: "01")
        let duplicate = await problem { try await a.user("LAN.TRAN", .councilMember, province: "01") }
        #expect(duplicate?.status == 409)
        #expect(duplicate?.paths == ["/username"])
        #expect(try await a.store.user(username: "lan.TRAN")?.username == "lan.tran")
    }

    static func whoMayCreateWhom(_ a: Accounts) async throws {
        let hanoi = try await a.user("officer.hn", .provinceOfficer, province: "01").principal
        let commune = try await a.user("officer.commune", .communeOfficer, commune: "00577").principal
        func create(_ role: Role, by creator: Principal, province: String? = nil, commune code: String? = nil) async -> Problem? {
            await problem {
                _ = try await a.store.createUser(
                    NewUser(username: "new.\(role.rawValue).\(province ?? code ?? "x")", password: Accounts.password, role: role,
                            provinceCode: province, communeCode: code, subjectID: role == .producer ? 12 : nil),
                    by: creator, services: a.registry.directory)
            }
        }
        #expect(await create(.provinceOfficer, by: hanoi, province: "01")?.status == 403)
        #expect(await create(.nationalAdmin, by: hanoi)?.status == 403)
        #expect(await create(.councilMember, by: hanoi, province: "79")?.status == 403)
        #expect(await create(.communeOfficer, by: hanoi, commune: "25747")?.status == 403)
        #expect(await create(.producer, by: hanoi, province: "79")?.status == 403)
        #expect(await create(.producer, by: commune, province: "01")?.status == 403)
        #expect(await create(.councilMember, by: hanoi, province: "01") == nil)
        #expect(await create(.communeOfficer, by: hanoi, commune: "00577") == nil)
        #expect(await create(.producer, by: hanoi, province: "01") == nil)
    }

    static func userCreationIsAudited(_ a: Accounts) async throws {
        let admin = try await a.user("admin", .nationalAdmin)
        let created = try await a.store.createUser(
            NewUser(username: "hcm.officer", password: Accounts.password, role: .provinceOfficer, provinceCode: "79"),
            by: admin.principal, services: a.registry.directory)
        let trail = try await AuditTrail(database: a.database).entries(.init(entity: "user", entityID: String(created.id)), visibleTo: nil)
        #expect(trail.total == 1)
        let entry = try #require(trail.items.first)
        #expect(entry.action == "user.create")
        #expect(entry.actorUsername == "admin")
        #expect(entry.actorRole == "national_admin")
        #expect(entry.provinceCode == "79")
        #expect(entry.summary.contains("hcm.officer"))
        // The command line creates without an actor.
        let first = try await AuditTrail(database: a.database).entries(.init(entity: "user", entityID: String(admin.id)), visibleTo: nil)
        #expect(first.items.first?.actorUserID == nil)
    }

    /// The provided `AuditLog` writes on the caller's transaction: a rolled-back change leaves no entry.
    static func auditEntriesRollBackWithTheirChange(_ a: Accounts) async throws {
        let log = try #require(a.registry.directory.resolve((any AuditLog).self))
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await a.database.transaction { db in
                try await log.record(AuditEntry(actor: nil, action: "test.rollback", entity: "thing", entityID: "1",
                                                summary: "rolled back"), on: db)
                throw Abort()
            }
        }
        try await a.database.transaction { db in
            try await log.record(AuditEntry(actor: nil, action: "test.commit", entity: "thing", entityID: "2",
                                            provinceCode: "01", summary: "kept", details: #"{"k":1}"#), on: db)
        }
        #expect(try await a.auditCount(action: "test.rollback") == 0)
        #expect(try await a.auditCount(action: "test.commit") == 1)
        let kept = try await AuditTrail(database: a.database).entries(.init(action: "test.commit"), visibleTo: nil).items.first
        #expect(kept?.details == #"{"k":1}"#)
        #expect(kept?.at.hasSuffix("Z") == true)
    }
}

@Suite struct AccountsScopingSQLiteTests {
    @Test func nationalAdminHasNoArea() async throws { try await Accounts.with(.sqlite, ScopingChecks.nationalAdminHasNoArea) }
    @Test func provinceRoles() async throws { try await Accounts.with(.sqlite, ScopingChecks.provinceRolesNeedACurrentProvince) }
    @Test func communeOfficer() async throws { try await Accounts.with(.sqlite, ScopingChecks.communeOfficerProvinceIsDerived) }
    @Test func producerWithoutLookup() async throws { try await Accounts.with(.sqlite, ScopingChecks.producerWithoutLookupNeedsAProvince) }
    @Test func producerWithLookup() async throws {
        try await Accounts.with(.sqlite, subjects: true, ScopingChecks.producerAreaComesFromTheSubjectLookup)
    }
    @Test func inputErrors() async throws { try await Accounts.with(.sqlite, ScopingChecks.inputErrorsAreReportedTogether) }
    @Test func uniqueUsernames() async throws { try await Accounts.with(.sqlite, ScopingChecks.usernamesAreUniqueIgnoringCase) }
    @Test func whoMayCreateWhom() async throws { try await Accounts.with(.sqlite, ScopingChecks.whoMayCreateWhom) }
    @Test func creationIsAudited() async throws { try await Accounts.with(.sqlite, ScopingChecks.userCreationIsAudited) }
    @Test func auditRollsBack() async throws { try await Accounts.with(.sqlite, ScopingChecks.auditEntriesRollBackWithTheirChange) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct AccountsScopingPostgreSQLTests {
    @Test func nationalAdminHasNoArea() async throws { try await Accounts.with(.postgresql, ScopingChecks.nationalAdminHasNoArea) }
    @Test func provinceRoles() async throws { try await Accounts.with(.postgresql, ScopingChecks.provinceRolesNeedACurrentProvince) }
    @Test func communeOfficer() async throws { try await Accounts.with(.postgresql, ScopingChecks.communeOfficerProvinceIsDerived) }
    @Test func producerWithoutLookup() async throws { try await Accounts.with(.postgresql, ScopingChecks.producerWithoutLookupNeedsAProvince) }
    @Test func producerWithLookup() async throws {
        try await Accounts.with(.postgresql, subjects: true, ScopingChecks.producerAreaComesFromTheSubjectLookup)
    }
    @Test func inputErrors() async throws { try await Accounts.with(.postgresql, ScopingChecks.inputErrorsAreReportedTogether) }
    @Test func uniqueUsernames() async throws { try await Accounts.with(.postgresql, ScopingChecks.usernamesAreUniqueIgnoringCase) }
    @Test func whoMayCreateWhom() async throws { try await Accounts.with(.postgresql, ScopingChecks.whoMayCreateWhom) }
    @Test func creationIsAudited() async throws { try await Accounts.with(.postgresql, ScopingChecks.userCreationIsAudited) }
    @Test func auditRollsBack() async throws { try await Accounts.with(.postgresql, ScopingChecks.auditEntriesRollBackWithTheirChange) }
}
