import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCOPPluginKit
import OCOPTestSupport
@testable import OCOPWeb
import Testing

/// The public catalogue on a real host, both engines: no sign-in, stars and validity from the
/// registry's public API, a revoked certificate said so, QR images pointing at the stable URL.
@Suite struct PublicCatalogueTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]
    static let config = "plugins:\n" + TestHost.coreConfig + TestHost.promotionConfig
        + "\n  ocop.web: {public_base_url: \"https://ocop.example.vn/\"}"

    @Test(arguments: engines) func productPageCertificateRevocationAndQR(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.withWeb, config: Self.config) { host in
            // URLSession keeps cookies across tests: start as a first-time visitor (Vietnamese).
            for cookie in HTTPCookieStorage.shared.cookies ?? [] { HTTPCookieStorage.shared.deleteCookie(cookie) }
            let flow = try await RatingFlow(host: host, province: "01")
            let decided = try await flow.decided(commune: "00577", tax: TestTaxCodes.make("010900101"), name: "Ấm chén <Bát Tràng>",
                                                 stars: 4, number: "77/QĐ-UBND")
            let plain = try await flow.product(commune: "00577", tax: TestTaxCodes.make("010900202"), name: "Gốm chưa xếp hạng")
            let id = decided.product
            let product = try await host.client.get("/api/v1/products/\(id)").json()
            let validUntil = try #require((product["certificate"] as? [String: Any])?["valid_until"] as? String)

            // The product page, Vietnamese by default, without signing in.
            let page = try await host.client.get("/san-pham/\(id)")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("★★★★☆"))
            #expect(page.text.contains("aria-label=\"4 sao\""))
            #expect(page.text.contains("Chứng nhận còn hiệu lực"))
            #expect(page.text.contains(validUntil))
            #expect(page.text.contains("77/QĐ-UBND"))
            #expect(page.text.contains("HTX Ấm chén &lt;Bát Tràng&gt;"), "the producer, escaped")
            #expect(!page.text.contains("<Bát Tràng>"), "no unescaped markup from data")
            #expect(page.text.contains("Hà Nội"))
            #expect(page.text.contains("/san-pham/\(id)/qr.svg"))
            // English with ?lang=en.
            let english = try await host.client.get("/san-pham/\(id)?lang=en")
            #expect(english.text.contains("The certificate is valid"))
            #expect(english.text.contains("aria-label=\"4 stars\""))

            // The certificate page.
            let certificate = try await host.client.get("/san-pham/\(id)/chung-nhan?lang=vi")
            #expect(certificate.status == 200)
            #expect(certificate.text.contains("data-standing=\"valid\""))
            #expect(certificate.text.contains("https://ocop.example.vn/san-pham/\(id)/chung-nhan"), "the printed address is absolute")
            #expect(certificate.text.contains("★★★★☆"))
            // A product without a certificate has a page but no certificate page.
            #expect(try await host.client.get("/san-pham/\(plain.product)").text.contains("chưa có chứng nhận OCOP"))
            #expect(try await host.client.get("/san-pham/\(plain.product)/chung-nhan").status == 404)
            #expect(try await host.client.get("/san-pham/999999").status == 404)
            #expect(try await host.client.get("/san-pham/abc").status == 404)

            // The list shows certified products only, found without diacritics, filtered.
            let list = try await host.client.get("/san-pham?q=am+chen&province=01&stars=4")
            #expect(list.status == 200)
            #expect(list.text.contains("href=\"/san-pham/\(id)\""))
            #expect(!list.text.contains("Gốm chưa xếp hạng"))
            let otherStars = try await host.client.get("/san-pham?stars=3")
            #expect(!otherStars.text.contains("href=\"/san-pham/\(id)\""))
            let otherProvince = try await host.client.get("/san-pham?province=79")
            #expect(!otherProvince.text.contains("href=\"/san-pham/\(id)\""))
            // A bad filter value is ignored rather than failing the page.
            #expect(try await host.client.get("/san-pham?stars=9&province=xx&page=-3").status == 200)

            // QR codes: the product and its certificate, SVG and PNG, at the configured base URL.
            let svg = try await host.client.get("/san-pham/\(id)/qr.svg")
            #expect(svg.status == 200)
            #expect(svg.headers["content-type"] == "image/svg+xml")
            #expect(svg.headers["x-qr-target"] == "https://ocop.example.vn/san-pham/\(id)")
            #expect(svg.text.hasPrefix("<?xml") && svg.text.contains("<svg"))
            let png = try await host.client.get("/san-pham/\(id)/qr.png")
            #expect(png.status == 200)
            #expect(png.headers["content-type"] == "image/png")
            let image = try DecodedPNG(png.body)
            #expect(image.width > 100)
            let target = try QRCode("https://ocop.example.vn/san-pham/\(id)")
            #expect(png.body == target.png(), "the PNG encodes the product's public URL")
            let certificateQR = try await host.client.get("/san-pham/\(id)/chung-nhan/qr.png")
            #expect(certificateQR.headers["x-qr-target"] == "https://ocop.example.vn/san-pham/\(id)/chung-nhan")
            #expect(try await host.client.get("/san-pham/999999/qr.svg").status == 404)

            // Revocation: the page says so and shows no stars; the list no longer has it.
            let revoked = try await host.client.post("/api/v1/rating/products/\(id)/revoke", json: """
                {"ground":"food_safety_breach","decision_number":"203/QĐ-UBND","decided_on":"\(ProgrammeCalendar.today())"}
                """, headers: flow.officer.headers)
            #expect(revoked.status == 201, "\(revoked.text)")
            let after = try await host.client.get("/san-pham/\(id)")
            #expect(after.text.contains("Chứng nhận đã bị thu hồi"))
            #expect(!after.text.contains("★★★★☆"))
            #expect(!after.text.contains("class=\"stars big\""), "no empty stars line for a revoked certificate")
            let afterCertificate = try await host.client.get("/san-pham/\(id)/chung-nhan?lang=en")
            #expect(afterCertificate.text.contains("data-standing=\"revoked\""))
            #expect(afterCertificate.text.contains("The certificate has been revoked"))
            #expect(!(try await host.client.get("/san-pham?q=bat+trang").text.contains("href=\"/san-pham/\(id)\"")))
        }
    }

    @Test func theBaseURLIsCheckedWhenConfigured() throws {
        func decode(_ yaml: String) throws -> WebConfig {
            try JSONDecoder().decode(WebConfig.self, from: Data(yaml.utf8))
        }
        #expect(try decode(#"{"public_base_url":"https://ocop.example.vn/"}"#).publicBaseURL == "https://ocop.example.vn")
        #expect(try decode("{}").publicBaseURL == nil)
        #expect(throws: DecodingError.self) { try decode(#"{"public_base_url":"ftp://x"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"public_base_url":"ocop.example.vn"}"#) }
        #expect(PublicCatalogue.publicBase(nil, headers: ["host": "127.0.0.1:8080"]) == "http://127.0.0.1:8080")
        #expect(PublicCatalogue.publicBase(nil, headers: ["host": "evil\"><x"]) == "http://evilx")
    }
}
