/// Output bytes as text that every sink can hold.
///
/// Invalid UTF-8 becomes U+FFFD, and so does NUL: a NUL byte would end the text early in C
/// strings (SQLite, terminals), silently dropping whatever followed it.
public enum OutputText {
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
