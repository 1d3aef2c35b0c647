import Foundation
@testable import OCOPAccounts
import OCOPPluginKit
import Testing

@Suite struct PasswordTests {
    let hasher = PasswordHasher(cost: 4)

    @Test func hashesWithTheConfiguredCostAndVerifies() async {
        let hash = await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$04$"), "\(hash)")
        #expect(!hash.contains("correct horse"))
        #expect(await hasher.verify("correct horse battery", hash: hash))
        #expect(!(await hasher.verify("correct horse batterY", hash: hash)))
        #expect(!(await hasher.verify("correct horse battery", hash: "not a bcrypt hash")))
        // Salted: the same password hashes differently each time.
        #expect(await hasher.hash("correct horse battery") != hash)
    }

    @Test func composedAndDecomposedVietnameseMatch() async {
        let nfc = "Mật khẩu Hà Nội"
        let hash = await hasher.hash(nfc)
        #expect(await hasher.verify(nfc.decomposedStringWithCanonicalMapping, hash: hash))
    }

    @Test func costIsClampedToTheAllowedRange() {
        #expect(PasswordHasher(cost: 1).cost == 4)
        #expect(PasswordHasher(cost: 40).cost == 15)
        #expect(PasswordHasher(cost: 12).cost == 12)
    }

    @Test func policy() {
        #expect(PasswordHasher.policyErrors("123456789").map(\.path) == ["/password"])
        #expect(PasswordHasher.policyErrors("1234567890").isEmpty)
        // Characters, not bytes: ten Vietnamese letters are enough.
        #expect(PasswordHasher.policyErrors("ơưăâêôđơưă").isEmpty)
        #expect(PasswordHasher.policyErrors(String(repeating: "a", count: 73)).count == 1)
        #expect(PasswordHasher.policyErrors("abcdefghij\u{0}k").count == 1)
    }

    @Test func tooLongPasswordsNeverVerify() async {
        // bcrypt would truncate at 72 bytes and accept any longer password with the same start.
        let base = String(repeating: "a", count: 72)
        let hash = await hasher.hash(base)
        #expect(await hasher.verify(base, hash: hash))
        #expect(!(await hasher.verify(base + "extra", hash: hash)))
    }
}

@Suite struct TokenFormatTests {
    @Test func generatedTokensAreWellFormedAndDistinct() {
        let first = APIToken.generate(), second = APIToken.generate()
        #expect(first.hasPrefix("ocop_"))
        #expect(first.count == 48)
        #expect(APIToken.isWellFormed(first))
        #expect(first != second)
        #expect(APIToken.prefix(first).count == 8)
        #expect(first.dropFirst(5).hasPrefix(APIToken.prefix(first)))
    }

    @Test func malformedTokensAreRecognised() {
        #expect(!APIToken.isWellFormed(""))
        #expect(!APIToken.isWellFormed("ocop_"))
        #expect(!APIToken.isWellFormed("ocop_" + String(repeating: "A", count: 42)))
        #expect(!APIToken.isWellFormed("ocop_" + String(repeating: "A", count: 42) + "+"))
        #expect(!APIToken.isWellFormed("xxxx_" + String(repeating: "A", count: 43)))
        #expect(APIToken.isWellFormed("ocop_" + String(repeating: "A", count: 43)))
    }

    @Test func hashIsSHA256Hex() {
        #expect(APIToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func bearerHeaderParsing() {
        #expect(APIToken.bearer("Bearer ocop_x") == "ocop_x")
        #expect(APIToken.bearer("bearer   ocop_x ") == "ocop_x")
        #expect(APIToken.bearer("Basic dXNlcjpwYXNz") == nil)
        #expect(APIToken.bearer("Bearer ") == nil)
        #expect(APIToken.bearer("") == nil)
    }
}

@Suite struct PrincipalCacheTests {
    let principal = Principal(userID: 7, username: "an", role: .producer, provinceCode: "01", subjectID: 12)

    @Test func entriesExpireAfterTheLifetimeOrTheToken() {
        let cache = PrincipalCache(lifetime: 30)
        let now = Date()
        cache.store(principal, forTokenHash: "h", tokenExpiresAt: now.addingTimeInterval(3600), now: now)
        #expect(cache.principal(forTokenHash: "h", now: now.addingTimeInterval(29)) == principal)
        #expect(cache.principal(forTokenHash: "h", now: now.addingTimeInterval(31)) == nil)
        cache.store(principal, forTokenHash: "short", tokenExpiresAt: now.addingTimeInterval(5), now: now)
        #expect(cache.principal(forTokenHash: "short", now: now.addingTimeInterval(6)) == nil)
    }

    @Test func sizeIsBounded() {
        let cache = PrincipalCache(lifetime: 30, capacity: 3)
        let far = Date().addingTimeInterval(3600)
        for index in 0..<10 { cache.store(principal, forTokenHash: "h\(index)", tokenExpiresAt: far) }
        #expect(cache.count <= 3)
        #expect(cache.principal(forTokenHash: "h9") == principal)
    }

    @Test func removalByTokenAndByUser() {
        let cache = PrincipalCache()
        let far = Date().addingTimeInterval(3600)
        var other = principal
        other.userID = 8
        cache.store(principal, forTokenHash: "a", tokenExpiresAt: far)
        cache.store(principal, forTokenHash: "b", tokenExpiresAt: far)
        cache.store(other, forTokenHash: "c", tokenExpiresAt: far)
        cache.remove(tokenHash: "a")
        #expect(cache.principal(forTokenHash: "a") == nil)
        cache.remove(userID: 7)
        #expect(cache.principal(forTokenHash: "b") == nil)
        #expect(cache.principal(forTokenHash: "c") == other)
    }
}

@Suite struct ConfigTests {
    func load(_ json: String) throws -> Registry {
        try Registry.load(available: [PluginFactory(AccountsPlugin.self)],
                          enabled: [("ocop.accounts", "plugins.ocop.accounts", JSONConfig(json: json))])
    }

    @Test func defaults() throws {
        let config = try JSONDecoder().decode(AccountsConfig.self, from: Data("{}".utf8))
        #expect(config == AccountsConfig(bcryptCost: 12, tokenTTLDays: 90))
        let registry = try load(#"{"bcrypt_cost":4,"token_ttl_days":7}"#)
        #expect(registry.directory.resolve(AccountsService.self)?.config == AccountsConfig(bcryptCost: 4, tokenTTLDays: 7))
        #expect(registry.directory.resolve((any Authenticator).self) != nil)
        #expect(registry.directory.resolve((any AuditLog).self) != nil)
        #expect(registry.migrations.filter { $0.plugin == "ocop.accounts" }.map(\.migration.id) == ["0001_create_users", "0002_create_tokens", "0003_create_audit_log"])
    }

    @Test func outOfRangeValuesAreRejected() {
        for json in [#"{"bcrypt_cost":3}"#, #"{"bcrypt_cost":16}"#, #"{"token_ttl_days":0}"#] {
            #expect(throws: PluginErrors.self, "\(json)") { _ = try load(json) }
        }
    }

    @Test func usernameRules() {
        #expect(UserRules.usernameErrors("an.nguyen_01").isEmpty)
        #expect(UserRules.normalizedUsername("  An.Nguyen ") == "an.nguyen")
        for bad in ["ab", "_an", "an nguyen", "nguyễn", String(repeating: "a", count: 65)] {
            #expect(UserRules.usernameErrors(bad).map(\.path) == ["/username"], "\(bad)")
        }
    }
}
