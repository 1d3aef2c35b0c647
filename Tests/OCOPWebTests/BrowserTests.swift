import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// The pages in a real browser: headless Chromium (Debian's `chromium` + `chromium-driver`)
/// driven over WebDriver against a real host with the web module, on SQLite and PostgreSQL.
/// Without Chromium these tests fail, naming the packages to install; screenshots of the key
/// pages at phone and desktop widths go to `.build/screenshots/`.
@Suite("Browser", .serialized)
struct BrowserTests {
    @Test("An officer signs in, searches, edits, imports; the public sees a product and its QR code (SQLite)")
    func sqlite() async throws {
        try await BrowserFlows.run(.sqlite, screenshots: true)
    }

    @Test("A dossier filed, scored by three members, closed and decided in the browser; stars and certificate follow (SQLite)")
    func rating() async throws {
        try await BrowserFlows.rating(.sqlite)
    }

    @Test("The same in a browser on PostgreSQL", .enabled(if: TestDatabase.postgresAvailable))
    func postgres() async throws {
        try await BrowserFlows.run(.postgresql, screenshots: false)
    }

    @Test("The council's path in a browser on PostgreSQL", .enabled(if: TestDatabase.postgresAvailable))
    func ratingOnPostgres() async throws {
        try await BrowserFlows.rating(.postgresql)
    }
}

enum BrowserFlows {
    static let phone = (width: 360, height: 740)
    static let desktop = (width: 1280, height: 900)
    static let password = "correct horse battery"

    static func run(_ engine: DatabaseEngine, screenshots: Bool) async throws {
        if let missing = Browser.missing { Issue.record(Comment(rawValue: missing)); return }
        for stale in ["png", "html"] {
            try? FileManager.default.removeItem(at: Browser.screenshotsDirectory.appendingPathComponent("failure-\(engine).\(stale)"))
        }
        let config = "plugins:\n\(TestHost.coreConfig)\(TestHost.promotionConfig)\(TestHost.webConfig())"
        try await TestHost.run(engine, plugins: TestHost.withWeb, config: config) { host in
            let officer = try await host.account(.provinceOfficer, province: "01")
            let data = try await load(host, as: officer.headers)
            let browser = try await Browser.launch(width: desktop.width, height: desktop.height)
            let flows = Flows(host: host, browser: browser, officer: officer, data: data, screenshots: screenshots)
            do {
                try await flows.all()
                await browser.quit()
            } catch {
                // What the browser showed when it went wrong, beside the screenshots.
                _ = try? await browser.screenshot("failure-\(engine)")
                if let html = try? await browser.source() {
                    try? Data(html.utf8).write(to: Browser.screenshotsDirectory.appendingPathComponent("failure-\(engine).html"))
                }
                await browser.quit()
                throw error
            }
        }
    }

    /// The council's path through the pages: the officer files, three members score through the
    /// sheet (radio buttons, "save all", submit), the chair closes, the officer decides.
    static func rating(_ engine: DatabaseEngine) async throws {
        if let missing = Browser.missing { Issue.record(Comment(rawValue: missing)); return }
        let config = "plugins:\n\(TestHost.coreConfig)\(TestHost.promotionConfig)\(TestHost.webConfig())"
        try await TestHost.run(engine, plugins: TestHost.withWeb, config: config) { host in
            let flow = try await RatingFlow(host: host, province: "01")
            let (_, filed) = try await flow.product(commune: "00577", tax: TestTaxCodes.make("010900404"), name: "Đĩa gốm vẽ tay")
            let (_, product) = try await flow.product(commune: "00577", tax: TestTaxCodes.make("010900414"), name: "Bình gốm men lam")
            let points = try await flow.sheet(set: "148/5", stars: 4)
            // The papers and the commune's pre-assessment go through the API (their pages have their own tests).
            let dossier = try await flow.eligibleDossier(product: product, points: points)
            let round = try await flow.round()
            try await flow.assign([dossier], to: round)
            let browser = try await Browser.launch(width: desktop.width, height: desktop.height)
            let flows = Flows(host: host, browser: browser, officer: flow.officer, data: Loaded(vaseID: product, vaseName: "Bình gốm men lam"),
                              screenshots: engine == .sqlite)
            do {
                try await flows.council(filedProduct: filed, dossier: dossier, points: points, round: round)
                await browser.quit()
            } catch {
                _ = try? await browser.screenshot("failure-rating-\(engine)")
                await browser.quit()
                throw error
            }
        }
    }

    struct Loaded: Sendable {
        var vaseID: Int64
        var vaseName: String
    }

    /// Hà Nội subjects and certified products, loaded as an officer would: CSV through the API.
    static func load(_ host: TestHost, as officer: [String: String]) async throws -> Loaded {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - 1
        let (a, b) = (TestTaxCodes.make("010777000"), TestTaxCodes.make("010777010"))
        let subjects = try await host.client.send("POST", "/api/v1/imports/subjects", body: Data("""
            STT,Mã số thuế/ĐKKD,Tên chủ thể,Loại hình,Mã xã
            1,\(a),Hợp tác xã Gốm sứ Bát Tràng,hop_tac_xa,00577
            2,\(b),Hộ kinh doanh Nem Phùng,ho_kinh_doanh,00577

            """.utf8), headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
        try #require(subjects.status == 200, "\(subjects.text)")
        let products = try await host.client.send("POST", "/api/v1/imports/products", body: Data("""
            STT,Tên chủ thể,Tên sản phẩm,Bộ sản phẩm,Hạng sao,Số QĐ,Ngày QĐ
            1,Hợp tác xã Gốm sứ Bát Tràng,Bình gốm men rạn Bát Tràng,"Thủ công mỹ nghệ, trang trí",4 sao,1234/QĐ-UBND,15/03/\(year)
            2,Hợp tác xã Gốm sứ Bát Tràng,Ấm chén men lam,"Thủ công mỹ nghệ, trang trí",3 sao,99/QĐ-UBND,20/06/\(year)
            3,Hộ kinh doanh Nem Phùng,Nem chua Phùng,"Chế biến từ thịt, trứng, sữa",3 sao,12/QĐ-UBND,10/10/\(year)

            """.utf8), headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
        try #require(products.status == 200, "\(products.text)")
        let found = try await host.client.get("/api/v1/products?q=binh%20gom", headers: officer)
        let items = (try found.json()["items"] as? [[String: Any]]) ?? []
        let vase = try #require(items.first, "\(found.text)")
        return Loaded(vaseID: (vase["id"] as? NSNumber)?.int64Value ?? 0, vaseName: vase["name"] as? String ?? "")
    }

    struct Flows: Sendable {
        let host: TestHost
        let browser: Browser
        let officer: TestHost.Account
        let data: Loaded
        let screenshots: Bool

        func url(_ path: String) -> URL { URL(string: path, relativeTo: host.client.baseURL)!.absoluteURL }

        /// The current page at phone and desktop widths (full height), as `<name>-phone.png` and `<name>-desktop.png`.
        func shoot(_ name: String) async throws {
            guard screenshots else { return }
            try await browser.resize(width: phone.width, height: phone.height)
            try await browser.screenshot("\(name)-phone")
            try await browser.resize(width: desktop.width, height: desktop.height)
            try await browser.screenshot("\(name)-desktop")
        }

        func all() async throws {
            try await signIn()
            try await search()
            try await editWithABadValue()
            try await importDryRun()
            try await signOut()
            try await publicProductAndQRCode()
            try await english()
        }

        /// The sign-in form, as a visitor finds it from the home page.
        func signIn() async throws {
            try await browser.go(url("/"))
            try await shoot("home")
            #expect(try await browser.all("header.site form[action='/sign-out']").isEmpty, "a visitor is offered no sign-out")
            try await browser.find("header.site a[href='/sign-in']").click()
            try await browser.waitForPath("/sign-in") { $0 == "/sign-in" }
            try await shoot("sign-in")
            // A wrong password: the form again, the username kept, an error announced.
            try await browser.find("#username").fill(officer.username)
            try await browser.find("#password").fill("not the password")
            try await browser.find("form[action='/sign-in'] button[type=submit]").click()
            let alert = try await browser.find(".error-summary[role=alert]")
            #expect(try await !alert.text().isEmpty)
            #expect(try await browser.find("#username").attribute("value") == officer.username, "the username is kept")
            try await browser.find("#password").fill(password)
            try await browser.find("form[action='/sign-in'] button[type=submit]").click()
            try await browser.waitForPath("the dashboard") { $0 == "/dashboard" }
            let who = try await browser.find("header.site .who")
            #expect(try await who.text().contains(officer.username))
            try await shoot("dashboard")
        }
        /// Signs out whoever is signed in, then signs `username` in through the form.
        func signIn(as username: String) async throws {
            try await browser.go(url("/"))
            if let out = try await browser.all("header.site form[action='/sign-out'] button[type=submit]").first {
                try await out.click()
                _ = try await browser.find("header.site a[href='/sign-in']")
            }
            try await browser.go(url("/sign-in"))
            try await browser.find("#username").fill(username)
            try await browser.find("#password").fill(password)
            try await browser.find("form[action='/sign-in'] button[type=submit]").click()
            try await browser.waitForPath("the dashboard") { $0 == "/dashboard" }
        }

        func council(filedProduct: Int64, dossier: Int64, points: [String: Int], round: RatingFlow.Round) async throws {
            // The officer files a dossier through the form and lands on its page.
            try await signIn(as: officer.username)
            try await browser.go(url("/dossiers"))
            try await browser.find("#d-product").fill(String(filedProduct))
            try await browser.find("form[action='/dossiers'] button[type=submit]").click()
            try await browser.waitForPath("the new dossier's page") { $0.hasPrefix("/dossiers/") && $0 != "/dossiers/\(dossier)" }
            try await shoot("dossier-filed")

            // Each member picks the options on the sheet, saves them all, sees the total, submits.
            let total = points.values.reduce(0, +)
            for (index, scorer) in round.scorers.enumerated() {
                try await signIn(as: scorer.username)
                try await browser.go(url("/dossiers/\(dossier)/sheet"))
                _ = try await browser.find("form.sheet input[type=radio]")
                let missing = try await browser.run("""
                    for (const [id, p] of Object.entries(arguments[0])) {
                      const input = document.querySelector('form.sheet input[type=radio][name="c.' + id + '"][value="' + p + '"]');
                      if (!input) return id;
                      input.checked = true;
                    }
                    return null;
                    """, [points])
                #expect(missing == nil, "every answer is an option on the sheet (missing: \(String(describing: missing)))")
                try await browser.find("form.sheet > button[type=submit]").click()
                _ = try await browser.find("[data-total='\(total)']")
                if index == 0 { try await shoot("score-sheet") }
                try await browser.find("form[action='/dossiers/\(dossier)/sheet/submit'] button[type=submit]").click()
                _ = try await browser.wait("the sheet to be submitted") {
                    try await self.browser.all("form[action='/dossiers/\(dossier)/sheet/submit']").isEmpty ? true : nil
                }
            }

            // The chair sees the sheets side by side and closes the dossier.
            try await signIn(as: round.chair.username)
            try await browser.go(url("/dossiers/\(dossier)/council"))
            for scorer in round.scorers { _ = try await browser.find("main", containing: scorer.username) }
            try await shoot("council")
            try await browser.find("form[action='/dossiers/\(dossier)/close'] button[type=submit]").click()
            try await browser.waitForPath("away from the close form") { !$0.hasSuffix("/close") }

            // The officer sees four stars and records the decision; the public certificate follows.
            try await signIn(as: officer.username)
            try await browser.go(url("/dossiers/\(dossier)"))
            _ = try await browser.find("[data-stars='4']")
            try await browser.find("form[action='/dossiers/\(dossier)/decision'] [name=number]").fill("15/QĐ-UBND")
            try await browser.find("form[action='/dossiers/\(dossier)/decision'] [name=certificate_number]").fill("OCOP-HN-0015")
            try await browser.find("form[action='/dossiers/\(dossier)/decision'] button[type=submit]").click()
            _ = try await browser.find("main", containing: "OCOP-HN-0015")
            try await shoot("dossier-decided")
            try await browser.go(url("/san-pham/\(data.vaseID)/chung-nhan"))
            _ = try await browser.find("main", containing: "★★★★☆")
            _ = try await browser.find("main", containing: "OCOP-HN-0015")
            _ = try await browser.find("[data-standing=valid]")
            try await shoot("certificate-decided")
        }

        /// The search box: "bat trang" without diacritics finds "Bát Tràng", and the box keeps the words.
        func search() async throws {
            try await browser.find("header.site a[data-nav=products]").click()
            try await browser.waitForPath("/products") { $0 == "/products" }
            try await browser.find("form[role=search] #q").fill("bat trang")
            try await browser.find("form[role=search] button[type=submit]").click()
            let hit = try await browser.find("table a[href^='/products/']", containing: "Bát Tràng")
            #expect(try await hit.text() == data.vaseName)
            #expect(try await browser.currentURL().query?.contains("q=bat") == true)
            #expect(try await browser.find("#q").attribute("value") == "bat trang", "the search box keeps the words")
            // Only Bát Tràng's products: the sausage from the same commune is not a match.
            let names = try await browser.all("table a[href^='/products/']")
            for link in names { #expect(try await !link.text().contains("Nem")) }
            try await shoot("product-search")
            try await hit.click()
            try await browser.waitForPath("the product page") { $0 == "/products/\(data.vaseID)" }
            try await shoot("product")
        }

        /// A product set that does not exist: the form comes back with the field's error next to
        /// it, every value as typed, and the product unchanged.
        func editWithABadValue() async throws {
            try await browser.go(url("/products/\(data.vaseID)/edit"))
            let name = try await browser.find("#f-name")
            #expect(try await name.attribute("value") == data.vaseName)
            try await name.fill("Bình gốm men rạn Bát Tràng – mới")
            try await browser.find("#f-product_set").fill("Bộ sản phẩm không có")
            try await browser.find("form[action$='/edit'] button[type=submit]").click()
            let error = try await browser.find("#f-product_set-error")
            #expect(try await !error.text().isEmpty)
            #expect(try await browser.find("#f-product_set").attribute("aria-invalid") == "true")
            #expect(try await browser.find("#f-product_set").attribute("value") == "Bộ sản phẩm không có", "the bad value is kept")
            #expect(try await browser.find("#f-name").attribute("value") == "Bình gốm men rạn Bát Tràng – mới", "the other input is kept")
            _ = try await browser.find(".error-summary[role=alert] a[href='#f-product_set']")
            try await shoot("product-edit-error")
            let stored = try await host.client.get("/api/v1/products/\(data.vaseID)", headers: officer.headers)
            #expect(try stored.json()["name"] as? String == data.vaseName, "nothing was stored")
        }

        /// A products file with a bad line, checked without importing: the report's table names the line.
        func importDryRun() async throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-browser-\(UUID().uuidString).csv")
            try Data("""
                STT,Tên chủ thể,Tên sản phẩm,Bộ sản phẩm,Hạng sao
                1,Hợp tác xã Gốm sứ Bát Tràng,Đĩa gốm vẽ tay,"Thủ công mỹ nghệ, trang trí",
                2,Hợp tác xã Gốm sứ Bát Tràng,Lọ hoa men ngọc,Bộ sản phẩm không có,
                3,Hợp tác xã Không Tồn Tại,Bát ăn cơm,"Thủ công mỹ nghệ, trang trí",

                """.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let before = try await host.client.get("/api/v1/products?limit=1", headers: officer.headers).json()["total"] as? Int
            try await browser.find("header.site a[data-nav=imports]").click()
            try await browser.waitForPath("/imports") { $0 == "/imports" }
            try await browser.run("document.getElementById('f-kind').value = 'products'")
            if try await !browser.all("#f-province").isEmpty {
                try await browser.run("document.getElementById('f-province').value = '01'")
            }
            try await browser.find("#f-file").type(file.path)
            let dryRun = try await browser.find("#f-dry_run")
            if try await !dryRun.isSelected() { try await dryRun.click() }
            #expect(try await dryRun.isSelected())
            try await browser.find("form[action='/imports'] button[type=submit]").click()
            let table = try await browser.find("#report-heading ~ .table-wrap table")
            let rows = try await browser.all("#report-heading ~ .table-wrap table tbody tr")
            var lines: [String] = []
            for row in rows { if let cell = try await row.find("td") { lines.append(try await cell.text()) } }
            let tableText = try await table.text()
            #expect(lines == ["4"], "errors by line: \(lines) in \(tableText)")
            #expect(tableText.contains("Không Tồn Tại"), "the row names the unknown producer: \(tableText)")
            try await shoot("import-dry-run")
            let after = try await host.client.get("/api/v1/products?limit=1", headers: officer.headers).json()["total"] as? Int
            #expect(before == after, "a dry run stores nothing")
        }

        func signOut() async throws {
            try await browser.find("header.site form[action='/sign-out'] button[type=submit]").click()
            _ = try await browser.find("header.site a[href='/sign-in']")
            #expect(try await browser.all("header.site .who").isEmpty)
        }

        /// The public catalogue, without signing in: the product's page shows its stars and its
        /// certificate, and its QR code (decoded by zbarimg) leads back to the same page.
        func publicProductAndQRCode() async throws {
            try await browser.go(url("/san-pham"))
            try await shoot("catalogue")
            try await browser.find("a[href='/san-pham/\(data.vaseID)']").click()
            let page = try await browser.waitForPath("the public product page") { $0 == "/san-pham/\(data.vaseID)" }
            #expect(try await browser.find("main h1").text().contains(data.vaseName))
            let stars = try await browser.find(".stars.big")
            #expect(try await stars.attribute("aria-label")?.contains("4") == true)
            _ = try await browser.find("[data-standing]")
            try await shoot("public-product")

            let png = try await browser.find("section.qr a[href$='qr.png']").attribute("href") ?? ""
            let reply = try await host.client.get(URL(string: png)?.path ?? png)
            #expect(reply.status == 200 && reply.headers["content-type"] == "image/png")
            let target = try decodeQR(reply.body)
            #expect(target == page.absoluteString, "the QR code encodes the page's own address")
            try await browser.go(url("/"))
            try await browser.go(URL(string: target) ?? url("/"))
            #expect(try await browser.find("main h1").text().contains(data.vaseName))

            try await browser.find("a[href='/san-pham/\(data.vaseID)/chung-nhan']").click()
            try await browser.waitForPath("the certificate page") { $0.hasSuffix("/chung-nhan") }
            _ = try await browser.find("[data-standing]")
            try await shoot("public-certificate")
        }

        /// The language switch: the same page in English, the `lang` attribute with it.
        func english() async throws {
            try await browser.go(url("/san-pham/\(data.vaseID)"))
            #expect(try await browser.run("return document.documentElement.lang") as? String == "vi")
            try await browser.find("header.site a[hreflang=en]").click()
            _ = try await browser.wait("the English page") {
                try await self.browser.run("return document.documentElement.lang") as? String == "en" ? true : nil
            }
            try await shoot("public-product-en")
        }

        /// The text a QR image encodes, read by zbarimg (Debian's `zbar-tools`).
        func decodeQR(_ png: Data) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-qr-\(UUID().uuidString).png")
            try png.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process(), pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["zbarimg", "--raw", "-q", file.path]
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Browser.Failure("zbarimg could not read the QR code (status \(process.terminationStatus); apt-get install zbar-tools)")
            }
            return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
