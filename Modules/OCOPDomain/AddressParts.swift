/// One part of an address (parts are separated by commas, semicolons, line breaks or a dash
/// between spaces), read as "<kind word> <name>".
struct AddressPart {
    enum Level: Equatable {
        case commune(CommuneKind)
        case district(DistrictKind)
        /// "Thành phố"/"TP": a centrally governed city (a province) or a provincial city (a district).
        case city
        case province
        /// No kind word: a name that can be of any level, told by its place in the address.
        case bare
        /// A hamlet, street, house number, country or a note in parentheses: never a unit.
        case other
    }

    var level: Level
    /// The name after the kind word, folded: "phuc khanh".
    var key: String
    /// The name as written: "Phúc Khánh".
    var name: String
    /// The whole part read as a name, when an unaccented kind word may belong to the name:
    /// "Quan Hoa" is Huyện Quan Hóa rather than a "Quận Hoa", "Phuong Son" may be Xã Phương Sơn.
    var whole: (key: String, name: String)?
    /// The part as written.
    var text: String

    /// Kind word as it would be written with diacritics (nil for abbreviations) and its level.
    private struct Marker {
        let words: [String]
        let accented: String?
        let reading: Reading
        enum Reading { case unit(Level), place, country }

        init(_ folded: String, _ accented: String?, _ reading: Reading) {
            words = folded.split(separator: " ").map(String.init)
            self.accented = accented
            self.reading = reading
        }
    }

    /// Longest first, so "thi xa" wins over "thi" and "tinh lo" over "tinh".
    private static let markers: [Marker] = {
        let units: [Marker] = [
            Marker("xa", "xã", .unit(.commune(.commune))), Marker("x", nil, .unit(.commune(.commune))),
            Marker("phuong", "phường", .unit(.commune(.ward))), Marker("p", nil, .unit(.commune(.ward))),
            Marker("thi tran", "thị trấn", .unit(.commune(.township))), Marker("tt", nil, .unit(.commune(.township))),
            Marker("t t", nil, .unit(.commune(.township))), Marker("t x", nil, .unit(.district(.town))),
            Marker("dac khu", "đặc khu", .unit(.commune(.specialZone))),
            Marker("huyen", "huyện", .unit(.district(.ruralDistrict))), Marker("h", nil, .unit(.district(.ruralDistrict))),
            Marker("quan", "quận", .unit(.district(.urbanDistrict))), Marker("q", nil, .unit(.district(.urbanDistrict))),
            Marker("thi xa", "thị xã", .unit(.district(.town))), Marker("tx", nil, .unit(.district(.town))),
            Marker("thanh pho", "thành phố", .unit(.city)), Marker("tp", nil, .unit(.city)), Marker("t p", nil, .unit(.city)),
            Marker("tinh", "tỉnh", .unit(.province)), Marker("t", nil, .unit(.province)),
        ]
        let places: [(String, String?)] = [
            ("thon", "thôn"), ("xom", "xóm"), ("ap", "ấp"), ("ban", "bản"), ("lang", "làng"), ("to", "tổ"),
            ("to dan pho", "tổ dân phố"), ("tdp", nil), ("khu", "khu"), ("khu pho", "khu phố"), ("kp", nil),
            ("khu vuc", "khu vực"), ("khu dan cu", "khu dân cư"), ("kdc", nil), ("tieu khu", "tiểu khu"),
            ("khom", "khóm"), ("khoi", "khối"), ("cum", "cụm"), ("doi", "đội"), ("buon", "buôn"), ("bon", "bon"),
            ("plei", "plei"), ("so", "số"), ("so nha", "số nhà"), ("duong", "đường"), ("pho", "phố"), ("ngo", "ngõ"),
            ("ngach", "ngách"), ("hem", "hẻm"), ("kiet", "kiệt"), ("lo", "lô"), ("km", nil), ("quoc lo", "quốc lộ"),
            ("ql", nil), ("tinh lo", "tỉnh lộ"), ("dt", nil),
        ]
        let countries = [Marker("viet nam", "việt nam", .country), Marker("vietnam", nil, .country), Marker("vn", nil, .country)]
        return (units + places.map { Marker($0.0, $0.1, .place) } + countries).sorted { $0.words.count > $1.words.count }
    }()

    /// The parts of `address`, with names that contain " - " ("Phường Văn Miếu - Quốc Tử Giám")
    /// rejoined when `index` knows them.
    static func parts(of address: String, index: AddressIndex) -> [AddressPart] {
        let names = index.names
        var parts = split(address).flatMap { part in
            part.note ? [AddressPart.read(part.text, note: true)] : subdivide(part.text).map { read($0, note: false) }
        }.compactMap { $0 }
        var position = 0
        while position + 1 < parts.count {
            let next = parts[position + 1]
            if parts[position].level != .other, next.level == .bare || (next.level == .other && next.whole != nil),
               names.contains(parts[position].key + " " + next.key)
            {
                parts[position].key += " " + next.key
                parts[position].name += " - " + next.name
                parts[position].text += " - " + next.text
                if let whole = parts[position].whole { parts[position].whole = (whole.key + " " + next.key, whole.name + " - " + next.name) }
                parts.remove(at: position + 1)
            } else {
                position += 1
            }
        }
        // Without a comma before it, the province ends the last part: "huyện Thạch Thất Hà Nội".
        if let last = parts.lastIndex(where: { $0.level != .other }), !names.contains(parts[last].key),
           let split = parts[last].splittingProvince(index)
        {
            parts.replaceSubrange(last...last, with: split)
        }
        // A hamlet word may start a unit's name ("Buôn Ma Thuột", unaccented "Duong Kinh").
        for position in parts.indices where parts[position].level == .other {
            if let whole = parts[position].whole, names.contains(whole.key) {
                parts[position] = AddressPart(level: .bare, key: whole.key, name: whole.name, whole: nil, text: parts[position].text)
            }
        }
        return parts
    }

    /// Splits at separators; text in parentheses ("(nay là xã …)") becomes a part of its own.
    private static func split(_ address: String) -> [(text: String, note: Bool)] {
        let scalars = Array(address.unicodeScalars)
        var result: [(String, Bool)] = []
        var current = String.UnicodeScalarView(), note = String.UnicodeScalarView()
        var depth = 0
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case "(", "[":
                depth += 1
                continue
            case ")", "]" where depth > 0:
                depth -= 1
                if depth == 0 {
                    result.append((String(note), true))
                    note = String.UnicodeScalarView()
                }
                continue
            default:
                break
            }
            if depth > 0 {
                note.append(scalar)
                continue
            }
            let separates: Bool
            switch scalar {
            case ",", ";", "|", "\n", "\r":
                separates = true
            case "-", "\u{2013}", "\u{2014}":  // a dash between words, not inside "Bà Rịa-Vũng Tàu"
                separates = (offset > 0 && scalars[offset - 1].properties.isWhitespace)
                    || (offset + 1 < scalars.count && scalars[offset + 1].properties.isWhitespace)
            default:
                separates = false
            }
            if separates {
                result.append((String(current), false))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        result.append((String(current), false))
        if depth > 0 { result.append((String(note), true)) }
        return result
    }

    /// This part as "<unit> <province>" when it ends with a province's name and the rest is a
    /// known name.
    private func splittingProvince(_ index: AddressIndex) -> [AddressPart]? {
        let keyWords = key.split(separator: " ")
        guard keyWords.count > 1 else { return nil }
        for length in 1..<min(keyWords.count, 5) {
            let head = keyWords.dropLast(length).joined(separator: " ")
            let tail = keyWords.suffix(length).joined(separator: " ")
            guard index.provinces[tail] != nil, index.names.contains(head) else { continue }
            // The province's words are the last ones of the name and of the text alike.
            let nameWords = AddressWords.words(name[...]), textWords = AddressWords.words(text[...])
            guard nameWords.count >= length, textWords.count >= length else { return nil }
            let nameCut = nameWords[nameWords.count - length].startIndex
            let textCut = textWords[textWords.count - length].startIndex
            var unit = self
            unit.key = head
            unit.name = String(name[..<nameCut]).trimmingSuffix()
            unit.whole = nil
            unit.text = String(text[..<textCut]).trimmingSuffix()
            let province = AddressPart(level: .bare, key: tail, name: String(name[nameCut...]), whole: nil, text: String(text[textCut...]))
            return [unit, province]
        }
        return nil
    }

    /// Kind words written out with diacritics (lowercase): where one starts, so does a part, even
    /// without a comma ("xã Phúc Khánh huyện Hưng Hà tỉnh Thái Bình").
    private static let kindWords: [[String]] = [
        ["xã"], ["phường"], ["thị", "trấn"], ["đặc", "khu"], ["huyện"], ["quận"], ["thị", "xã"], ["thành", "phố"], ["tỉnh"],
    ]

    /// Cuts `text` before each kind word that has a name after it and a name before it. Names
    /// ending in a kind word ("Xã Tân Xã", "Xã Phước Tỉnh") or repeating it ("Phường Phường Đúc") stay whole.
    private static func subdivide(_ text: String) -> [String] {
        let words = AddressWords.words(text[...])
        guard words.count > 2 else { return [text] }
        var cuts: [String.Index] = []
        var start = 0
        var index = 0
        while index + 1 < words.count {
            guard let length = kindWordLength(words, at: index) else {
                index += 1
                continue
            }
            if index > 0, index + length < words.count, kindWordLength(words, at: index + length) == nil,
               kindWordLength(words, at: start) != index - start
            {
                cuts.append(words[index].startIndex)
                start = index
            }
            index += length  // never cut inside "thị xã"
        }
        guard !cuts.isEmpty else { return [text] }
        var result: [String] = []
        var from = text.startIndex
        for cut in cuts {
            result.append(String(text[from..<cut]))
            from = cut
        }
        result.append(String(text[from...]))
        return result
    }

    private static func kindWordLength(_ words: [Substring], at index: Int) -> Int? {
        guard index < words.count, let first = words[index].unicodeScalars.first,
              "xXpPtThHqQđĐ".unicodeScalars.contains(first)
        else { return nil }
        for kind in kindWords where index + kind.count <= words.count {
            if zip(kind, words[index..<index + kind.count]).allSatisfy({ VietnameseText.nfc($1.lowercased()) == $0 }) {
                return kind.count
            }
        }
        return nil
    }

    private static func read(_ rawText: String, note: Bool) -> AddressPart? {
        var words = AddressWords.words(rawText[...])
        guard let firstWord = words.first, let lastWord = words.last else { return nil }
        // The part as written, from its first to its last letter or digit.
        let text = String(rawText[firstWord.startIndex..<lastWord.endIndex])
        // "P1", "Q.10": a ward or district number glued to its abbreviation.
        if let first = words.first, let letter = first.first, first.count > 1, "pPqQ".contains(letter),
           first.dropFirst().allSatisfy(\.isASCIIDigit)
        {
            words.replaceSubrange(0..<1, with: [first.prefix(1), first.dropFirst()])
        }
        let folded = words.map(AddressWords.fold)
        let whole = (key: folded.joined(separator: " "), name: words.joined(separator: " "))
        if note || folded[0].first?.isASCIIDigit == true {
            return AddressPart(level: .other, key: whole.key, name: whole.name, whole: nil, text: text)
        }
        for marker in markers where folded.starts(with: marker.words) {
            let count = marker.words.count
            var plain = false
            if let accented = marker.accented {
                let written = VietnameseText.nfc(words[0..<count].joined(separator: " ").lowercased())
                if written != accented {
                    guard AddressWords.isPlain(written) else { continue }
                    plain = true
                }
            }
            switch marker.reading {
            case .country:
                guard folded.count == count else { continue }
                return AddressPart(level: .other, key: whole.key, name: whole.name, whole: nil, text: text)
            case .place:
                return AddressPart(level: .other, key: whole.key, name: whole.name, whole: whole, text: text)
            case .unit(let level):
                guard folded.count > count else { continue }
                return AddressPart(
                    level: level, key: folded[count...].joined(separator: " "), name: words[count...].joined(separator: " "),
                    whole: plain ? whole : nil, text: text)
            }
        }
        return AddressPart(level: .bare, key: whole.key, name: whole.name, whole: nil, text: text)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Without trailing spaces and punctuation, as left before a cut.
    fileprivate func trimmingSuffix() -> String {
        var result = self
        while let last = result.last, !last.isLetter && !last.isNumber { result.removeLast() }
        return result
    }
}
