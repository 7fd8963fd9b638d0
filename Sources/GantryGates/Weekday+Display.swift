import Foundation

extension Weekday {
    /// The capitalised three-letter name used in human output: `Mon`, `Tue`, ….
    public var displayName: String {
        shortName.prefix(1).uppercased() + shortName.dropFirst()
    }
}
