/// A value shown in double quotes inside an error message, escaped and
/// shortened so one bad value cannot flood the terminal.
struct Quoted: CustomStringConvertible {
    static let maxLength = 60

    let text: String

    init(_ text: String) {
        self.text = text
    }

    var description: String {
        var out = "\""
        var count = 0
        for character in text.unicodeScalars {
            if count == Self.maxLength {
                out += "…"
                break
            }
            count += 1
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if character.value < 0x20 || character.value == 0x7F {
                    out += "\\u{\(String(character.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out + "\""
    }
}
