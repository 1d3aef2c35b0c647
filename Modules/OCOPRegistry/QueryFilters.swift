import OCOPDomain
import OCOPPluginKit

/// Reads search filters from query parameters, refusing unknown values with the parameter named.
enum QueryFilters {
    static func province(_ request: EndpointRequest) throws(Problem) -> String? {
        guard let raw = request.query("province") else { return nil }
        guard let code = ProvinceCode(raw), (try? AdminUnits.shared)?.province(code) != nil else {
            throw Problem.invalid([.init(path: "/province", message: "'\(raw)' is not a current province code (e.g. 01 for Hà Nội)")])
        }
        return code.rawValue
    }

    static func commune(_ request: EndpointRequest) throws(Problem) -> String? {
        guard let raw = request.query("commune") else { return nil }
        guard let code = CommuneCode(raw), (try? AdminUnits.shared)?.commune(code) != nil else {
            throw Problem.invalid([.init(path: "/commune", message: "'\(raw)' is not a current commune code")])
        }
        return code.rawValue
    }

    static func legalForm(_ request: EndpointRequest) throws(Problem) -> String? {
        guard let raw = request.query("legal_form") else { return nil }
        guard let form = FieldParsers.legalForm(raw) else {
            throw Problem.invalid([.init(path: "/legal_form", message: "expected one of \(FieldParsers.legalFormList)")])
        }
        return form.rawValue
    }

    static func int(_ request: EndpointRequest, _ name: String, in range: ClosedRange<Int>) throws(Problem) -> Int? {
        guard let raw = request.query(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw Problem.invalid([.init(path: "/" + name, message: "expected an integer from \(range.lowerBound) to \(range.upperBound), found '\(raw)'")])
        }
        return value
    }

    /// `?q=`: bounded in length and free of control characters.
    static func search(_ request: EndpointRequest) throws(Problem) -> String? {
        guard let raw = request.query("q") else { return nil }
        if let message = TextSanitizer.searchRefusal(raw) { throw Problem.invalid([.init(path: "/q", message: message)]) }
        return raw
    }

    static func descending(_ request: EndpointRequest) throws(Problem) -> Bool {
        switch request.query("sort") {
        case nil, "name": return false
        case "-name": return true
        case let other?: throw Problem.invalid([.init(path: "/sort", message: "expected 'name' or '-name', found '\(other)'")])
        }
    }

    static func subjects(_ request: EndpointRequest) throws(Problem) -> SubjectStore.Filter {
        var filter = SubjectStore.Filter()
        filter.query = try search(request)
        filter.province = try province(request)
        filter.commune = try commune(request)
        filter.legalForm = try legalForm(request)
        if let raw = request.query("sales_channel") {
            guard let channel = FieldParsers.salesChannel(raw) else {
                throw Problem.invalid([.init(path: "/sales_channel", message: "expected one of \(FieldParsers.channelList)")])
            }
            filter.salesChannel = channel.rawValue
        }
        filter.limit = try Paging.limit(request)
        filter.offset = try Paging.offset(request)
        filter.descending = try descending(request)
        return filter
    }

    static func products(_ request: EndpointRequest) throws(Problem) -> ProductStore.Filter {
        var filter = ProductStore.Filter()
        filter.query = try search(request)
        filter.province = try province(request)
        filter.commune = try commune(request)
        filter.legalForm = try legalForm(request)
        filter.sector = try int(request, "sector", in: 1...6)
        filter.productSet = try int(request, "product_set", in: 1...26)
        if let raw = request.query("product_group") {
            guard let group = ProductGroup(code: raw) else {
                throw Problem.invalid([.init(path: "/product_group", message: "expected a group code such as 1.1 … 6.1, found '\(raw)'")])
            }
            filter.group = group.rawValue
        }
        if let raw = request.query("stars") {
            var stars: [Int] = []
            for part in raw.split(separator: ",") {
                guard let value = Int(part), (1...5).contains(value) else {
                    throw Problem.invalid([.init(path: "/stars", message: "expected star levels 1–5 separated by commas, found '\(raw)'")])
                }
                stars.append(value)
            }
            filter.stars = stars
        }
        if let raw = request.query("status") {
            guard let status = ProductStatus(rawValue: raw) else {
                throw Problem.invalid([.init(path: "/status", message: "expected draft, active or discontinued")])
            }
            filter.status = status.rawValue
        }
        if let raw = request.query("subject_id") {
            guard let id = Int64(raw) else { throw Problem.invalid([.init(path: "/subject_id", message: "expected an integer")]) }
            filter.subjectID = id
        }
        filter.limit = try Paging.limit(request)
        filter.offset = try Paging.offset(request)
        filter.descending = try descending(request)
        return filter
    }

    static func id(_ request: EndpointRequest, _ name: String = "id", kind: String) throws(Problem) -> Int64 {
        let raw = try request.parameter(name)
        guard let id = Int64(raw), id > 0 else { throw Problem.notFound("No \(kind) '\(raw)'.") }
        return id
    }
}
