#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a spawned child from inheriting this process's open files.
///
/// Without it a child would hold every descriptor not marked close-on-exec: database files, or
/// a script still open for writing (whose exec would then fail with ETXTBSY). glibc ≥ 2.34 has
/// `posix_spawn_file_actions_addclosefrom_np`; the Swift Glibc module does not export it, so it
/// is looked up at run time. Where it is missing, nothing is added.
public enum SpawnDescriptors {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Adds "close every descriptor from `lowest` up" to `actions`; false when unsupported.
    @discardableResult
    public static func closeAll(from lowest: Int32 = 3, in actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let closeFrom else { return false }
        return withUnsafeMutablePointer(to: &actions) { closeFrom($0, lowest) == 0 }
    }
}
