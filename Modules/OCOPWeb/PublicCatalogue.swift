import Foundation
import OCOPDomain
import OCOPPluginKit

/// The public catalogue, open without sign-in: certified products with their stars, producer,
/// commune and certificate standing, each at a stable Vietnamese URL with QR codes for labels.
/// Everything comes from the registry's public endpoints, called in process as an anonymous
/// visitor (or as the signed-in user, who sees no less).
///
/// Stable URLs: `/san-pham` (the list), `/san-pham/{id}` (a product), `/san-pham/{id}/chung-nhan`
/// (its OCOP certificate, printable), and `qr.svg` / `qr.png` under each of the last two.
struct PublicCatalogue {
    let catalogue: Catalogue
    /// `https://ocop.example.vn` (no trailing slash); nil: the request's own host.
    let baseURL: String?

    static let pageSize = 20

    var pages: [WebPage] {
        let catalogue = self.catalogue, baseURL = self.baseURL
        return [
            WebPage(.get, "/san-pham", access: .anyone, summary: "Public catalogue: certified OCOP products, filtered by province, sector, stars and name") { request in
                try await Self.list(request, catalogue: catalogue)
            },
            WebPage(.get, "/san-pham/{id}", access: .anyone, summary: "Public product page: stars, producer, commune, certificate validity, QR code") { request in
                try await Self.product(request, catalogue: catalogue, certificatePage: false, baseURL: baseURL)
            },
            WebPage(.get, "/san-pham/{id}/chung-nhan", access: .anyone, summary: "A product's OCOP certificate (printable; says when expired or revoked)") { request in
                try await Self.product(request, catalogue: catalogue, certificatePage: true, baseURL: baseURL)
            },
        ]
    }

    /// The QR images: raw endpoints (an image is no page), each encoding the page's public URL.
    var endpoints: [(Endpoint, String)] {
        let baseURL = self.baseURL
        var out: [(Endpoint, String)] = []
        for (suffix, what) in [("", "product page"), ("/chung-nhan", "certificate page")] {
            for format in ["svg", "png"] {
                let path = "/san-pham/{id}\(suffix)/qr.\(format)"
                let summary = "QR code (\(format.uppercased())) of the public URL of the \(what), for labels"
                let endpoint = Endpoint(.get, path, access: .anyone, summary: summary) { request in
                    try await Self.qr(request, suffix: suffix, format: format, baseURL: baseURL)
                }
                let type = format == "svg" ? "image/svg+xml" : "image/png"
                let operationID = "webQR" + (suffix.isEmpty ? "Product" : "Certificate") + format.uppercased()
                let yaml = """
                    paths:
                      \(path):
                        get:
                          operationId: \(operationID)
                          summary: '\(summary)'
                          tags: [web pages]
                          parameters:
                            - {name: id, in: path, required: true, schema: {type: integer}}
                          responses:
                            '200': {description: The QR image, content: {\(type): {schema: {type: string, format: binary}}}}
                            '404': {description: No such product}
                    """
                out.append((endpoint, yaml))
            }
        }
        return out
    }

    // MARK: the list

    static func list(_ request: WebRequest, catalogue: Catalogue) async throws -> WebResult {
        let t = { (key: String) in catalogue.text(key, request.language) }
        let units = try AdminUnits.shared
        // Filters are taken only when valid: a hand-edited URL shows the whole list, not an error.
        let province = request.query("province").flatMap { ProvinceCode($0) }.flatMap { units.province($0) }
        let sector = request.query("sector").flatMap(Int.init).flatMap(Sector.init(rawValue:))
        let stars = request.query("stars").flatMap(Int.init).flatMap { (1...5).contains($0) ? $0 : nil }
        let q = String((request.query("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        let page = max(1, min(10_000, request.query("page").flatMap(Int.init) ?? 1))

        var query: [String: [String]] = [
            "stars": [stars.map(String.init) ?? "1,2,3,4,5"],
            "limit": [String(pageSize)], "offset": [String((page - 1) * pageSize)],
        ]
        if let province { query["province"] = [province.code.rawValue] }
        if let sector { query["sector"] = [String(sector.rawValue)] }
        if !q.isEmpty { query["q"] = [q] }
        let response = await request.call(.get, "/api/v1/products", query: query)
        guard response.ok else { return .refusal(response) }
        let found = try JSONDecoder().decode(ProductPage.self, from: response.body)

        let provinces = units.provinces.sorted { VietnameseText.collationKey($0.name) < VietnameseText.collationKey($1.name) }
        var keep: [(String, String)] = []
        if let province { keep.append(("province", province.code.rawValue)) }
        if let sector { keep.append(("sector", String(sector.rawValue))) }
        if let stars { keep.append(("stars", String(stars))) }
        if !q.isEmpty { keep.append(("q", q)) }
        func link(_ page: Int) -> String { "/san-pham?" + Forms.encode(keep + [("page", String(page))]) }
        let shownTo = (page - 1) * pageSize + found.items.count
        let provinceOptions: [WebValue] = provinces.map {
            ["code": .string($0.code.rawValue), "name": .string($0.name), "selected": .bool($0.code == province?.code)]
        }
        let sectorOptions: [WebValue] = Sector.allCases.map {
            ["code": .int($0.rawValue), "name": .string(sectorName($0, request.language)), "selected": .bool($0 == sector)]
        }
        let starOptions: [WebValue] = (1...5).reversed().map { ["value": .int($0), "selected": .bool($0 == stars)] }
        var items: [WebValue] = []
        for item in found.items {
            var fields: [String: WebValue] = ["id": .int(Int(item.id)), "name": .string(item.name), "producer": .string(item.subjectName)]
            fields["stars"] = starsValue(item.stars, request.language, catalogue)
            fields["commune"] = .string(place(commune: item.communeCode, province: item.provinceCode, units: units))
            fields["sector"] = .string(Sector(rawValue: item.sector).map { sectorName($0, request.language) } ?? "")
            fields["valid_until"] = .string(item.certificate?.validUntil ?? "")
            items.append(.object(fields))
        }
        var context: [String: WebValue] = ["q": .string(q), "provinces": .list(provinceOptions), "sectors": .list(sectorOptions),
                                           "star_levels": .list(starOptions), "items": .list(items)]
        context["empty"] = .bool(found.items.isEmpty)
        context["total"] = .int(found.total)
        context["shown_from"] = .int(found.items.isEmpty ? 0 : (page - 1) * pageSize + 1)
        context["shown_to"] = .int(shownTo)
        context["previous"] = page > 1 ? .string(link(page - 1)) : .null
        context["next"] = shownTo < found.total ? .string(link(page + 1)) : .null
        return .page(template: "public-products", title: t("public_title"), context: .object(context))
    }

    // MARK: a product and its certificate

    static func product(_ request: WebRequest, catalogue: Catalogue, certificatePage: Bool, baseURL: String?) async throws -> WebResult {
        let t = { (key: String) in catalogue.text(key, request.language) }
        guard let raw = request.parameters["id"], let id = Int64(raw), id > 0 else {
            return .refusal(Problem.notFound("No product '\(request.parameters["id"] ?? "")'."))
        }
        let response = await request.call(.get, "/api/v1/products/\(id)")
        guard response.ok else { return .refusal(response) }
        let product = try JSONDecoder().decode(PublicProduct.self, from: response.body)
        let units = try AdminUnits.shared
        var context: [String: WebValue] = [
            "id": .int(Int(product.id)), "name": .string(product.name), "producer": .string(product.subjectName),
            "commune": .string(place(commune: product.communeCode, province: product.provinceCode, units: units)),
            "sector": .string(Sector(rawValue: product.sector).map { sectorName($0, request.language) } ?? ""),
            "product_set": .string(product.productSetName),
            "description": .string(product.description ?? ""),
            "has_description": .bool(!(product.description ?? "").isEmpty),
            "path": .string("/san-pham/\(product.id)"),
            // The address printed on a certificate: absolute when the public site is configured.
            "public_url": .string((baseURL ?? "") + "/san-pham/\(product.id)"),
        ]
        if let legacy = product.legacyCommuneCode.flatMap({ CommuneCode($0) }).flatMap({ units.legacyCommune($0) }) {
            let district = units.legacyDistrict(legacy.districtCode).map { ", " + $0.name } ?? ""
            context["old_commune"] = .string(legacy.name + district)
        }
        if let certificate = product.certificate {
            let standing = certificate.standing
            context["certificate"] = [
                // Stars count only while the certificate holds; a revoked one shows none.
                "stars": CertificationStanding(rawValue: standing)?.holdsStars == true ? starsValue(certificate.stars, request.language, catalogue) : .null,
                "number": .string(certificate.certificateNumber ?? ""),
                "has_number": .bool(!(certificate.certificateNumber ?? "").isEmpty),
                "decision_number": .string(certificate.decisionNumber ?? ""),
                "has_decision": .bool(!(certificate.decisionNumber ?? "").isEmpty),
                "decided_on": .string(certificate.decidedOn),
                "valid_until": .string(certificate.validUntil),
                "standing": .string(standing),
                "standing_text": .string(t("standing_" + standing.replacingOccurrences(of: "potential_5", with: "potential"))),
                "holds": .bool(standing == "valid" || standing == "potential_5"),
                "revoked": .bool(standing == "revoked" || standing == "withdrawn"),
                "expired": .bool(standing == "expired"),
                "ground": .string(certificate.ground ?? ""),
                "has_ground": .bool(!(certificate.ground ?? "").isEmpty),
            ]
        } else if certificatePage {
            return .refusal(Problem.notFound("web.no_certificate"))
        }
        let title = certificatePage ? t("certificate_title") + " — " + product.name : product.name
        return .page(template: certificatePage ? "public-certificate" : "public-product", title: title, context: .object(context))
    }

    // MARK: QR images

    static func qr(_ request: EndpointRequest, suffix: String, format: String, baseURL: String?) async throws -> EndpointResponse {
        let raw = try request.parameter("id")
        guard let id = Int64(raw), id > 0 else { throw Problem.notFound("No product '\(raw)'.") }
        // Only products the public can see get a code (the same answer as the API's).
        guard let api = request.context.api else { throw Problem(status: 503, title: "Service Unavailable") }
        let response = await api.call(APICall(.get, "/api/v1/products/\(id)", principal: nil))
        if let problem = response.problem { throw problem }
        let url = publicBase(baseURL, headers: request.headers) + "/san-pham/\(id)\(suffix)"
        let code = try QRCode(url)
        let headers: [(String, String)] = [("Cache-Control", "public, max-age=86400"), ("X-Content-Type-Options", "nosniff"),
                                           ("X-QR-Target", url)]
        if format == "svg" {
            return EndpointResponse(status: 200, headers: [("Content-Type", "image/svg+xml")] + headers, body: Data(code.svg().utf8))
        }
        return EndpointResponse(status: 200, headers: [("Content-Type", "image/png")] + headers, body: code.png())
    }

    /// The configured public base URL, or this request's own scheme-less host over http.
    static func publicBase(_ configured: String?, headers: [String: String]) -> String {
        if let configured, !configured.isEmpty { return configured }
        let host = (headers["host"] ?? "127.0.0.1:8080").filter { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
        return "http://" + (host.isEmpty ? "127.0.0.1:8080" : host)
    }

    // MARK: shared pieces

    static func sectorName(_ sector: Sector, _ language: String) -> String {
        language == "en" ? sector.englishName : sector.vietnameseName
    }

    /// "Xã Bát Tràng, Hà Nội": the current commune and province names.
    static func place(commune: String, province: String, units: AdminUnits) -> String {
        let communeName = CommuneCode(commune).flatMap { units.commune($0) }?.name
        let provinceName = ProvinceCode(province).flatMap { units.province($0) }?.name
        return [communeName, provinceName].compactMap { $0 }.joined(separator: ", ")
    }

    /// Stars as ★★★☆☆ with a spoken label ("3 sao").
    static func starsValue(_ stars: Int?, _ language: String, _ catalogue: Catalogue) -> WebValue {
        guard let stars, (1...5).contains(stars) else { return .null }
        return ["count": .int(stars), "glyphs": .string(String(repeating: "★", count: stars) + String(repeating: "☆", count: 5 - stars)),
                "label": .string(catalogue.text("stars_label", language).replacingOccurrences(of: "{n}", with: String(stars)))]
    }

    struct ProductPage: Decodable {
        var items: [PublicProduct]
        var total: Int
    }

    /// The fields of the registry's public product record these pages show.
    struct PublicProduct: Decodable {
        struct Certificate: Decodable {
            var stars: Int
            var certificateNumber: String?
            var decidedOn: String
            var validUntil: String
            var standing: String
            var decisionNumber: String?
            var ground: String?
            enum CodingKeys: String, CodingKey {
                case stars, standing, ground
                case certificateNumber = "certificate_number"
                case decidedOn = "decided_on"
                case validUntil = "valid_until"
                case decisionNumber = "decision_number"
            }
        }

        var id: Int64
        var name: String
        var subjectName: String
        var provinceCode: String
        var communeCode: String
        var legacyCommuneCode: String?
        var sector: Int
        var productSetName: String
        var description: String?
        var stars: Int?
        var certificate: Certificate?

        enum CodingKeys: String, CodingKey {
            case id, name, sector, description, stars, certificate
            case subjectName = "subject_name"
            case provinceCode = "province_code"
            case communeCode = "commune_code"
            case legacyCommuneCode = "legacy_commune_code"
            case productSetName = "product_set_name"
        }
    }
}
