import Foundation
import SQLKit
import OCOPPluginKit
import OCOPTestSupport
@testable import OCOPWeb
import Testing

/// The pages over real HTTP on a real host: sessions, CSRF, throttling, escaping, search,
/// forms, navigation by role, languages. Each check runs on SQLite and on PostgreSQL.
enum WebChecks {
    static func signInSetsASecureCookieAndShowsTheDashboard(_ host: TestHost) async throws {
        let account = try await host.account(.nationalAdmin)
        let visitor = Visitor(host)
        let home = try await visitor.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(home.text.contains(#"<html lang="vi">"#))
        #expect(home.text.contains(##"href="#main""##) && home.text.contains("<main id=\"main\""))
        #expect(home.text.contains(#"action="/san-pham""#), "the landing page searches the public catalogue")

        let anonymous = try await visitor.get("/dashboard")
        #expect(anonymous.status == 303)
        #expect(anonymous.location == "/sign-in?next=%2Fdashboard")

        let wrong = try await visitor.signIn(account.username, password: "not the password")
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
        #expect(wrong.text.contains(#"value="\#(account.username)""#), "the username is kept")
        #expect(visitor.cookie("ocop_session") == nil)

        let signedIn = try await visitor.signIn(account.username)
        #expect(signedIn.status == 303)
        #expect(signedIn.location == "/dashboard")
        let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("ocop_session=") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure") && cookie.contains("Path=/"))
        let id = try #require(visitor.cookie("ocop_session"))
        #expect(id.count == 43, "256 random bits, base64url")
        // The table holds a hash of the ID, never the ID itself.
        let stored = try await host.database.sql.raw("SELECT id_hash, token_sealed FROM web_sessions").all()
        #expect(stored.count == 1)
        let hash = try stored[0].decode(column: "id_hash", as: String.self)
        #expect(hash != id && hash.count == 64)
        #expect(!(try stored[0].decode(column: "token_sealed", as: String.self)).hasPrefix("ocop_"))

        let dashboard = try await visitor.get("/dashboard")
        #expect(dashboard.status == 200)
        #expect(dashboard.text.contains("<h1>Tổng quan</h1>"))
        #expect(dashboard.text.contains(account.username))
        #expect(dashboard.text.contains("Sản phẩm theo hạng sao"), "a national admin sees the statistics panel")

        let out = try await visitor.post("/sign-out", [])
        #expect(out.status == 303 && out.location == "/")
        #expect(visitor.cookie("ocop_session") == nil)
        #expect(try await host.database.sql.raw("SELECT id_hash FROM web_sessions").all().isEmpty)
        // The old cookie is worth nothing afterwards.
        visitor.setCookie("ocop_session", id)
        let after = try await visitor.get("/dashboard")
        #expect(after.status == 303 && after.location?.hasPrefix("/sign-in") == true)
    }

    static func missingOrForgedCSRFIsRefusedAndChangesNothing(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject()
        let account = try await host.account(.nationalAdmin)
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(account.username).status == 303)
        _ = try await visitor.get("/products/new")
        let before = try await seed.productCount()
        let fields = [("subject_id", String(subject)), ("name", "Chè Thái Nguyên"), ("product_set", "5")]
        let missing = try await visitor.post("/products/new", fields, omitCSRF: true)
        #expect(missing.status == 403)
        #expect(missing.text.contains("mã bảo vệ"))
        #expect(missing.text.contains("Không có dữ liệu nào bị thay đổi."))
        let forged = try await visitor.post("/products/new", fields, csrf: String(repeating: "A", count: 43))
        #expect(forged.status == 403)
        #expect(try await seed.productCount() == before, "nothing stored")
        // Another visitor's token is not this visitor's token.
        let other = Visitor(host)
        _ = try await other.get("/sign-in")
        let borrowed = try await visitor.post("/products/new", fields, csrf: try #require(other.lastCSRF))
        #expect(borrowed.status == 403)
        // Sign-in itself needs the visitor's token (no login CSRF).
        let stranger = Visitor(host)
        let blind = try await stranger.post("/sign-in", [("username", account.username), ("password", "correct horse battery")], omitCSRF: true)
        #expect(blind.status == 403)
        #expect(stranger.cookie("ocop_session") == nil)
        // With the token the same form works.
        _ = try await visitor.get("/products/new")
        let good = try await visitor.post("/products/new", fields)
        #expect(good.status == 303, "\(good.text.prefix(300))")
        #expect(try await seed.productCount() == before + 1)
    }

    static func signInIsThrottledPerUsernameAndAddress(_ host: TestHost) async throws {
        let account = try await host.account(.provinceOfficer, province: "01")
        let visitor = Visitor(host, address: "198.51.100.7")
        for _ in 0..<3 {
            #expect(try await visitor.signIn(account.username, password: "wrong wrong wrong").status == 401)
        }
        let limited = try await visitor.signIn(account.username)
        #expect(limited.status == 429, "even the right password waits")
        let wait = Int(limited.headers["retry-after"] ?? "") ?? 0
        #expect(wait > 0 && wait <= 900)
        #expect(limited.text.contains("Đăng nhập sai quá nhiều lần"))
        #expect(visitor.cookie("ocop_session") == nil)
        // The failures are in the database, not in this process: another host on the same
        // database (its own throttle) holds the same username and address back.
        let otherHost = LoginThrottle(limit: 3, window: 900)
        let key = LoginThrottle.key(username: account.username, address: "198.51.100.7")
        #expect(try await otherHost.retryAfter(key, on: host.database.sql) != nil)
        #expect(try await otherHost.retryAfter(LoginThrottle.key(username: account.username, address: "203.0.113.9"), on: host.database.sql) == nil)
        // Another address is not held back by this one's failures.
        let elsewhere = Visitor(host, address: "203.0.113.9")
        #expect(try await elsewhere.signIn(account.username).status == 303)
    }

    /// Without a trusted proxy a claimed `X-Forwarded-For` changes nothing: a new "address" per
    /// guess does not escape the limit.
    static func aClaimedAddressDoesNotEscapeTheLimit(_ host: TestHost) async throws {
        let account = try await host.account(.provinceOfficer, province: "01")
        for n in 0..<3 {
            #expect(try await Visitor(host, address: "198.51.100.\(n)").signIn(account.username, password: "wrong wrong wrong").status == 401)
        }
        let limited = try await Visitor(host, address: "198.51.100.99").signIn(account.username)
        #expect(limited.status == 429)
    }

    static func anEndedSessionIsRefusedAndChangesNothing(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject()
        let account = try await host.account(.nationalAdmin)
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(account.username).status == 303)
        _ = try await visitor.get("/products/new")
        let before = try await seed.productCount()
        try await Task.sleep(for: .milliseconds(2300))  // idle limit: 1 s
        let post = try await visitor.post("/products/new", [("subject_id", String(subject)), ("name", "Trà sen"), ("product_set", "5")])
        #expect(post.status == 401)
        #expect(post.text.contains("Phiên làm việc đã hết hạn"))
        #expect(try await seed.productCount() == before)
        #expect(visitor.cookie("ocop_session") == nil, "the dead cookie is cleared")
        #expect(try await host.database.sql.raw("SELECT id_hash FROM web_sessions").all().isEmpty)
        #expect(try await visitor.signIn(account.username).status == 303)
        try await Task.sleep(for: .milliseconds(2300))
        let page = try await visitor.get("/dashboard")
        #expect(page.status == 303)
        #expect(page.location == "/sign-in?next=%2Fdashboard&expired=1")
        let form = try await visitor.get(try #require(page.location))
        #expect(form.text.contains("Phiên làm việc đã hết hạn"))
    }

    static func userTextIsEscaped(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject(name: "HTX Gốm & \\\"Sứ\\\"")
        let product = try await seed.product(subject, "<script>alert(1)</script>")
        let visitor = Visitor(host)
        for path in ["/products/\(product)", "/products?q=script", "/subjects/\(subject)"] {
            let page = try await visitor.get(path)
            #expect(page.status == 200, "\(path)")
            #expect(!page.text.contains("<script>alert(1)"), "\(path)")
        }
        let detail = try await visitor.get("/products/\(product)")
        #expect(detail.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let producer = try await visitor.get("/subjects/\(subject)")
        #expect(producer.text.contains("HTX Gốm &amp; &quot;Sứ&quot;"))
        #expect(detail.headers["content-security-policy"]?.contains("script-src 'none'") == true)
    }

    static func searchIgnoresDiacriticsAndSortsInVietnameseOrder(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject(name: "HTX Bát Tràng")
        _ = try await seed.product(subject, "Bình hoa Bát Tràng")
        _ = try await seed.product(subject, "Ấm chén Bát Tràng")
        _ = try await seed.product(subject, "Nước mắm Cát Hải")
        let visitor = Visitor(host)
        let page = try await visitor.get("/products?q=bat+trang")
        #expect(page.status == 200)
        #expect(page.text.contains("Bình hoa Bát Tràng") && page.text.contains("Ấm chén Bát Tràng"))
        #expect(!page.text.contains("Nước mắm Cát Hải"))
        #expect(page.text.contains(#"value="bat trang""#), "the search box keeps the query")
        // A GET form sends a space as '+' and a typed plus as %2B: both read as the browser meant.
        let plus = try await visitor.get("/products?q=C%2B%2B+bat")
        #expect(plus.status == 200)
        #expect(plus.text.contains(#"value="C++ bat""#), "a typed plus stays a plus, '+' is a space")
        #expect(plus.text.contains("q=C%2B%2B%20bat&amp;lang=en"), "the language link keeps the plus")
        // Â before B in the Vietnamese alphabet, although "Ấ" sorts after "B" by bytes.
        let first = try #require(page.text.range(of: "Ấm chén Bát Tràng")), second = try #require(page.text.range(of: "Bình hoa Bát Tràng"))
        #expect(first.lowerBound < second.lowerBound)
        // The API's filters are form fields; a bad one is shown on the form, not as JSON.
        let filtered = try await visitor.get("/products?q=bat+trang&stars=5")
        #expect(filtered.status == 200 && !filtered.text.contains("Bình hoa"))
        let bad = try await visitor.get("/products?sector=9")
        #expect(bad.status == 422)
        #expect(bad.headers["content-type"]?.hasPrefix("text/html") == true)
        // Paging: 25 products, 20 a page, next/prev links keep the query.
        for n in 1...23 { _ = try await seed.product(subject, "Lọ gốm số \(String(format: "%02d", n))") }
        let one = try await visitor.get("/products?q=gom")
        #expect(one.text.contains(#"href="/products?q=gom&amp;offset=20" rel="next""#))
        let two = try await visitor.get("/products?q=gom&offset=20")
        #expect(two.text.contains(#"rel="prev""#) && !two.text.contains(#"rel="next""#))
    }

    static func aBadFormIsShownAgainWithTheInputAndTheFieldError(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject()
        let account = try await host.account(.nationalAdmin)
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(account.username).status == 303)
        _ = try await visitor.get("/products/new")
        let before = try await seed.productCount()
        let fields = [("subject_id", String(subject)), ("name", "Chè Tân Cương"), ("product_set", "99"), ("description", "Búp chè <non>")]
        let vi = try await visitor.post("/products/new", fields)
        #expect(vi.status == 422)
        #expect(vi.text.contains(#"value="Chè Tân Cương""#))
        #expect(vi.text.contains(#"value="Búp chè &lt;non&gt;""#))
        #expect(vi.text.contains(#"value="99""#))
        #expect(vi.text.contains(#"id="f-product_set" name="product_set" type="text" value="99" aria-invalid="true""#))
        // The field's own Vietnamese sentence with the value it names, not a generic one.
        #expect(vi.text.contains(#"<p class="field-error" id="f-product_set-error">"#))
        #expect(vi.text.contains("99&#39; không phải bộ sản phẩm nào trong 26 bộ của QĐ 148") || vi.text.contains("99&#x27; không phải bộ sản phẩm"),
                "\(vi.text.components(separatedBy: "field-error").dropFirst().first?.prefix(200) ?? "")")
        #expect(vi.text.contains("Biểu mẫu có lỗi"))
        #expect(try await seed.productCount() == before)

        _ = try await visitor.get("/products/new?lang=en")
        let en = try await visitor.post("/products/new", fields)
        #expect(en.status == 422)
        #expect(en.text.contains(#"<html lang="en">"#))
        #expect(en.text.contains("The form has errors"))
        let error = try #require(en.text.range(of: #"<p class="field-error" id="f-product_set-error">[^<]+</p>"#, options: .regularExpression))
        let message = String(en.text[error])
        #expect(!message.contains("Giá trị"), "\(message)")
        #expect(message.lowercased().contains("26") || message.lowercased().contains("product set"), "\(message)")
        #expect(en.text.contains(#"value="Chè Tân Cương""#))
        #expect(try await seed.productCount() == before)

        // Editing: a cleared name comes back with the field error; the product is unchanged.
        let product = try await seed.product(subject, "Chè búp")
        _ = try await visitor.get("/products/\(product)/edit?lang=vi")
        let edit = try await visitor.post("/products/\(product)/edit", [("subject_id", String(subject)), ("name", ""), ("product_set", "5")])
        #expect(edit.status == 422)
        #expect(edit.text.contains(#"id="f-name" name="name" type="text" value="" aria-invalid="true""#))
        let stored = try await host.client.get("/api/v1/products/\(product)", headers: seed.admin).json()
        #expect(stored["name"] as? String == "Chè búp")
    }

    static func navigationFollowsTheAPIsRoleMatrix(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject()
        let producer = try await host.account(.producer, subject: subject)
        let officer = try await host.account(.provinceOfficer, province: "01")
        let anonymousPage = try await Visitor(host).get("/")
        #expect(anonymousPage.text.contains(#"data-nav="products""#))
        #expect(!anonymousPage.text.contains(#"data-nav="dashboard""#) && !anonymousPage.text.contains(#"data-nav="imports""#))

        let producerVisit = Visitor(host)
        #expect(try await producerVisit.signIn(producer.username).status == 303)
        let producerPage = try await producerVisit.get("/dashboard")
        #expect(producerPage.text.contains(#"data-nav="dashboard""#) && producerPage.text.contains(#"data-nav="products""#))
        #expect(!producerPage.text.contains(#"data-nav="imports""#), "producers may not import")
        #expect(!producerPage.text.contains("Sản phẩm theo hạng sao"), "statistics are not for producers")
        let refused = try await producerVisit.get("/imports")
        #expect(refused.status == 403)

        let officerVisit = Visitor(host)
        #expect(try await officerVisit.signIn(officer.username).status == 303)
        let officerPage = try await officerVisit.get("/dashboard")
        #expect(officerPage.text.contains(#"data-nav="imports""#))
        #expect(try await officerVisit.get("/imports").status == 200)
    }

    static func languageSwitchesAndSticks(_ host: TestHost) async throws {
        let visitor = Visitor(host)
        let en = try await visitor.get("/?lang=en")
        #expect(en.text.contains(#"<html lang="en">"#))
        #expect(en.text.contains("Sign in"))
        #expect(en.setCookies.contains { $0.hasPrefix("ocop_lang=en") })
        let again = try await visitor.get("/products")
        #expect(again.text.contains(#"<html lang="en">"#) && again.text.contains("Product name"))
        let search = try await visitor.get("/products?q=bat+trang&province=01")
        #expect(search.text.contains(#"href="/products?province=01&amp;q=bat%20trang&amp;lang=vi""#), "the switch keeps the search")
        let vi = try await visitor.get("/products?lang=vi")
        #expect(vi.text.contains(#"<html lang="vi">"#) && vi.text.contains("Tên sản phẩm"))
        let ignored = try await Visitor(host).get("/?lang=fr")
        #expect(ignored.text.contains(#"<html lang="vi">"#))
    }

    static func anotherProvincesUnpublishedDataIsRefused(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject("01")
        let draft = try await seed.product(subject, "Bánh cốm Hàng Than", status: "draft")
        let stranger = try await host.account(.provinceOfficer, province: "31")
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(stranger.username).status == 303)
        let page = try await visitor.get("/products/\(draft)")
        #expect(page.status == 404)
        #expect(page.text.contains("Không tìm thấy"))
        #expect(!page.text.contains("Bánh cốm Hàng Than"))
        #expect(try await visitor.get("/products/\(draft)/edit").status == 404)
        _ = try await visitor.get("/products")
        let post = try await visitor.post("/products/\(draft)/edit", [("subject_id", String(subject)), ("name", "Đổi tên"), ("product_set", "5")])
        #expect([403, 404].contains(post.status))
        let stored = try await host.client.get("/api/v1/products/\(draft)", headers: seed.admin).json()
        #expect(stored["name"] as? String == "Bánh cốm Hàng Than")
    }

    static func aPasswordIsChangedThroughTheAccountsModule(_ host: TestHost) async throws {
        let account = try await host.account(.communeOfficer, commune: "00577")
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(account.username).status == 303)
        _ = try await visitor.get("/account/password")
        let wrong = try await visitor.post("/account/password", [("current_password", "not it at all"), ("new_password", "a new long secret"),
                                                                ("confirm_password", "a new long secret")])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Mật khẩu hiện tại không đúng."))
        let mismatch = try await visitor.post("/account/password", [("current_password", "correct horse battery"),
                                                                   ("new_password", "a new long secret"), ("confirm_password", "another")])
        #expect(mismatch.status == 422 && mismatch.text.contains("Hai mật khẩu mới không giống nhau."))
        let short = try await visitor.post("/account/password", [("current_password", "correct horse battery"), ("new_password", "short"),
                                                                ("confirm_password", "short")])
        #expect(short.status == 422)
        #expect(short.text.contains(#"id="new_password-error""#))
        #expect(!short.text.contains(#"value="short""#), "passwords are never echoed")
        let done = try await visitor.post("/account/password", [("current_password", "correct horse battery"),
                                                               ("new_password", "a new long secret"), ("confirm_password", "a new long secret")])
        #expect(done.status == 200 && done.text.contains("Đã đổi mật khẩu."))
        _ = try await visitor.post("/sign-out", [])
        #expect(try await Visitor(host).signIn(account.username).status == 401, "the old password no longer works")
        #expect(try await Visitor(host).signIn(account.username, password: "a new long secret").status == 303)
    }

    static func aCSVDryRunShowsItsErrorsByLine(_ host: TestHost) async throws {
        let officer = try await host.account(.provinceOfficer, province: "01")
        let visitor = Visitor(host)
        #expect(try await visitor.signIn(officer.username).status == 303)
        _ = try await visitor.get("/imports")
        let good = TestTaxCodes.make("01" + String(format: "%07d", Int.random(in: 1...9_999_999)))
        let csv = """
            registration_number,name,legal_form,commune_code
            \(good),HTX Mây tre đan Phú Vinh,hop_tac_xa,00577
            \(good.dropLast())9x,HTX <i>Lỗi</i>,không biết,00577

            """
        let page = try await visitor.postMultipart("/imports", fields: [("kind", "subjects"), ("dry_run", "on")],
                                                   file: ("file", "subjects.csv", "text/csv", Data(csv.utf8)))
        #expect([200, 422].contains(page.status), "\(page.text.prefix(500))")
        #expect(page.text.contains("Lỗi theo dòng"))
        #expect(page.text.contains("<td>3</td>"), "the bad row is line 3")
        #expect(!page.text.contains("<i>Lỗi</i>"))
        let subjects = try await host.client.get("/api/v1/subjects?limit=1", headers: try await host.signIn(.nationalAdmin)).json()
        #expect(subjects["total"] as? Int == 0, "a dry run stores nothing")
    }
}

@Suite(.serialized) struct WebPagesSQLiteTests {
    @Test func signIn() async throws { try await withWeb(.sqlite, secureCookies: true, WebChecks.signInSetsASecureCookieAndShowsTheDashboard) }
    @Test func csrf() async throws { try await withWeb(.sqlite, WebChecks.missingOrForgedCSRFIsRefusedAndChangesNothing) }
    @Test func throttle() async throws { try await withWeb(.sqlite, loginFailures: 3, trustForwardedFor: true, WebChecks.signInIsThrottledPerUsernameAndAddress) }
    @Test func claimedAddress() async throws { try await withWeb(.sqlite, loginFailures: 3, WebChecks.aClaimedAddressDoesNotEscapeTheLimit) }
    @Test func expiry() async throws { try await withWeb(.sqlite, idleSeconds: 1, WebChecks.anEndedSessionIsRefusedAndChangesNothing) }
    @Test func escaping() async throws { try await withWeb(.sqlite, WebChecks.userTextIsEscaped) }
    @Test func search() async throws { try await withWeb(.sqlite, WebChecks.searchIgnoresDiacriticsAndSortsInVietnameseOrder) }
    @Test func forms() async throws { try await withWeb(.sqlite, WebChecks.aBadFormIsShownAgainWithTheInputAndTheFieldError) }
    @Test func navigation() async throws { try await withWeb(.sqlite, WebChecks.navigationFollowsTheAPIsRoleMatrix) }
    @Test func language() async throws { try await withWeb(.sqlite, WebChecks.languageSwitchesAndSticks) }
    @Test func otherProvince() async throws { try await withWeb(.sqlite, WebChecks.anotherProvincesUnpublishedDataIsRefused) }
    @Test func importDryRun() async throws { try await withWeb(.sqlite, WebChecks.aCSVDryRunShowsItsErrorsByLine) }
    @Test func password() async throws { try await withWeb(.sqlite, WebChecks.aPasswordIsChangedThroughTheAccountsModule) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct WebPagesPostgreSQLTests {
    @Test func signIn() async throws { try await withWeb(.postgresql, secureCookies: true, WebChecks.signInSetsASecureCookieAndShowsTheDashboard) }
    @Test func csrf() async throws { try await withWeb(.postgresql, WebChecks.missingOrForgedCSRFIsRefusedAndChangesNothing) }
    @Test func throttle() async throws { try await withWeb(.postgresql, loginFailures: 3, trustForwardedFor: true, WebChecks.signInIsThrottledPerUsernameAndAddress) }
    @Test func claimedAddress() async throws { try await withWeb(.postgresql, loginFailures: 3, WebChecks.aClaimedAddressDoesNotEscapeTheLimit) }
    @Test func expiry() async throws { try await withWeb(.postgresql, idleSeconds: 1, WebChecks.anEndedSessionIsRefusedAndChangesNothing) }
    @Test func escaping() async throws { try await withWeb(.postgresql, WebChecks.userTextIsEscaped) }
    @Test func search() async throws { try await withWeb(.postgresql, WebChecks.searchIgnoresDiacriticsAndSortsInVietnameseOrder) }
    @Test func forms() async throws { try await withWeb(.postgresql, WebChecks.aBadFormIsShownAgainWithTheInputAndTheFieldError) }
    @Test func navigation() async throws { try await withWeb(.postgresql, WebChecks.navigationFollowsTheAPIsRoleMatrix) }
    @Test func language() async throws { try await withWeb(.postgresql, WebChecks.languageSwitchesAndSticks) }
    @Test func otherProvince() async throws { try await withWeb(.postgresql, WebChecks.anotherProvincesUnpublishedDataIsRefused) }
    @Test func importDryRun() async throws { try await withWeb(.postgresql, WebChecks.aCSVDryRunShowsItsErrorsByLine) }
    @Test func password() async throws { try await withWeb(.postgresql, WebChecks.aPasswordIsChangedThroughTheAccountsModule) }
}
