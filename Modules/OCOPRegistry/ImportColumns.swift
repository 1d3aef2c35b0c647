import OCOPCSV
import OCOPPluginKit

/// The spreadsheet columns of docs/import-format.md, with the Vietnamese headers provinces use.
enum ImportColumns {
    static let subjects: [CSVColumn] = [
        CSVColumn("registration_number", aliases: ["Mã số thuế", "Số đăng ký", "Mã số đăng ký", "MST", "Mã số thuế/ĐKKD",
                                                   "Mã số thuế/Số ĐKKD", "Số ĐKKD", "Mã số doanh nghiệp", "MST/ĐKKD"], required: true),
        CSVColumn("name", aliases: ["Tên chủ thể", "Tên", "Chủ thể", "Tên chủ thể OCOP"], required: true),
        CSVColumn("legal_form", aliases: ["Loại hình", "Loại hình chủ thể"], required: true),
        CSVColumn("commune_code", aliases: ["Mã xã", "Mã xã phường"]),
        CSVColumn("legacy_commune_code", aliases: ["Mã xã cũ"]),
        CSVColumn("address", aliases: ["Địa chỉ"]),
        CSVColumn("representative", aliases: ["Người đại diện", "Người đại diện pháp luật"]),
        CSVColumn("representative_is_woman", aliases: ["Đại diện là nữ", "Nữ"]),
        CSVColumn("representative_is_ethnic_minority", aliases: ["Đại diện là người dân tộc thiểu số", "Dân tộc thiểu số"]),
        CSVColumn("phone", aliases: ["Điện thoại", "Số điện thoại"]),
        CSVColumn("email", aliases: ["Email", "Thư điện tử"]),
        CSVColumn("website", aliases: ["Website", "Trang web"]),
        CSVColumn("founded_year", aliases: ["Năm thành lập"]),
        CSVColumn("employees", aliases: ["Số lao động"]),
        CSVColumn("local_labour_percent", aliases: ["Tỷ lệ lao động địa phương", "Lao động địa phương"]),
        CSVColumn("value_chain", aliases: ["Liên kết chuỗi giá trị", "Liên kết chuỗi"]),
        CSVColumn("sales_channels", aliases: ["Kênh bán hàng", "Kênh phân phối"]),
    ]

    static let products: [CSVColumn] = [
        // The owner: by tax code, or (product lists often have none) by name within the province.
        CSVColumn("subject_registration_number", aliases: ["Mã số thuế chủ thể", "MST chủ thể", "Số đăng ký chủ thể", "Mã số thuế", "MST",
                                                           "Mã số thuế/ĐKKD", "MST/ĐKKD", "Số ĐKKD"]),
        CSVColumn("subject_name", aliases: ["Tên chủ thể", "Chủ thể", "Chủ thể OCOP", "Chủ thể sản xuất", "Đơn vị", "Đơn vị sản xuất",
                                            "Cơ sở sản xuất", "Tên cơ sở", "Tên đơn vị"]),
        CSVColumn("name", aliases: ["Tên sản phẩm"], required: true),
        CSVColumn("product_set", aliases: ["Bộ sản phẩm", "Nhóm sản phẩm", "Phân nhóm", "Loại sản phẩm", "Ngành hàng"], required: true),
        CSVColumn("commune_code", aliases: ["Mã xã"]),
        CSVColumn("legacy_commune_code", aliases: ["Mã xã cũ"]),
        CSVColumn("description", aliases: ["Mô tả", "Mô tả sản phẩm"]),
        CSVColumn("packaging", aliases: ["Bao bì, nhãn mác", "Bao bì", "Nhãn mác"]),
        CSVColumn("ingredients", aliases: ["Thành phần", "Nguyên liệu"]),
        CSVColumn("raw_material_origin", aliases: ["Nguồn gốc nguyên liệu"]),
        CSVColumn("status", aliases: ["Trạng thái"]),
        CSVColumn("stars", aliases: ["Hạng sao", "Số sao", "Xếp hạng", "Hạng sao OCOP", "Kết quả xếp hạng", "Sao", "Xếp hạng sao",
                                     "Kết quả đánh giá", "Hạng"]),
        CSVColumn("certificate_number", aliases: ["Số chứng nhận", "Số giấy chứng nhận", "Số GCN", "Mã chứng nhận"]),
        CSVColumn("certified_on", aliases: ["Ngày công nhận", "Ngày quyết định", "Ngày QĐ", "Ngày quyết định công nhận",
                                            "Năm công nhận", "Năm đạt", "Thời gian công nhận", "Ngày cấp"]),
        CSVColumn("decision_number", aliases: ["Số quyết định", "Số QĐ", "Số quyết định công nhận", "Quyết định công nhận", "QĐ công nhận"]),
        CSVColumn("issuing_level", aliases: ["Cấp công nhận", "Cấp quyết định", "Cấp ra quyết định", "Cấp đánh giá"]),
        CSVColumn("legal_act", aliases: ["Bộ tiêu chí", "Căn cứ", "Theo quyết định", "Văn bản áp dụng"]),
        CSVColumn("decision", aliases: ["Tình trạng", "Tình trạng chứng nhận", "Hình thức", "Loại quyết định", "Nội dung quyết định"]),
        CSVColumn("ground", aliases: ["Lý do", "Lý do thu hồi", "Căn cứ thu hồi"]),
        // Written by exports (where the product stands today); derived, so ignored on import.
        CSVColumn("standing", aliases: ["Hiện trạng"]),
    ]
}

extension ImportColumns {
    /// The built-in columns with the headers plugins contributed.
    static func columns(_ sheet: ImportAlias.Sheet, adding aliases: [ImportAlias]) -> [CSVColumn] {
        let base = sheet == .subjects ? subjects : products
        let extra = Dictionary(grouping: aliases.filter { $0.sheet == sheet }, by: \.column)
        guard !extra.isEmpty else { return base }
        return base.map { column in
            CSVColumn(column.name, aliases: column.aliases + (extra[column.name] ?? []).map(\.header), required: column.isRequired)
        }
    }

    /// The owner's check of a contributed alias: a known column, and a header that does not
    /// already mean another column (after folding, as the reader compares headers).
    static func validate(_ alias: ImportAlias, earlier: [ImportAlias]) throws {
        let base = alias.sheet == .subjects ? subjects : products
        guard base.contains(where: { $0.name == alias.column }) else {
            throw ContributionRejected("no \(alias.sheet.rawValue) column '\(alias.column)'; columns are: \(base.map(\.name).joined(separator: ", "))")
        }
        let key = HeaderKey.fold(alias.header)
        guard !key.isEmpty else { throw ContributionRejected("header '\(alias.header)' has no letters or digits") }
        for column in base {
            for header in [column.name] + column.aliases + earlier.filter({ $0.sheet == alias.sheet && $0.column == column.name }).map(\.header)
            where HeaderKey.fold(header) == key && column.name != alias.column {
                throw ContributionRejected("header '\(alias.header)' already means column '\(column.name)'")
            }
        }
    }
}
