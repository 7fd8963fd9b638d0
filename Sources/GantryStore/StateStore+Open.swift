import Foundation
internal import GRDB

extension StateStore {
    /// Opens (creating if needed) the state store at `path` and brings its schema up to date.
    ///
    /// A missing folder is created setgid and group-writable (mode 2770) so that a team can share
    /// the store through a group; the database file is created with mode 0660, which SQLite copies
    /// to its `-wal` and `-shm` files. A store that has migrations this build does not know is
    /// refused rather than half-understood.
    ///
    /// - Parameter path: The database file, e.g. `.gantry/state.db`.
    /// - Throws: ``StoreError/unavailable(path:reason:)`` when the folder or file cannot be
    ///   created or opened, or is not a database; ``StoreError/writtenByNewerGantry(path:unknownMigrations:)``.
    public static func open(path: String) throws -> StateStore {
        let url = URL(fileURLWithPath: path)
        let absolute = url.standardizedFileURL.path
        let folder = url.deletingLastPathComponent().path
        let previousMask = umask(0o007)
        defer { umask(previousMask) }
        try createFolder(folder, storePath: absolute)
        try createDatabaseFile(absolute)

        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: absolute, configuration: config)
        } catch {
            throw StoreError.unavailable(path: absolute, reason: describe(error))
        }
        try StoreSchema.migrate(pool, path: absolute)
        return StateStore(path: absolute, pool: pool)
    }

    private static func createFolder(_ folder: String, storePath: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.unavailable(path: storePath, reason: "\(folder) is not a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable(path: storePath, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        // setgid: files created inside inherit the folder's group, so the whole team can use them.
        if chmod(folder, 0o2770) != 0 {
            throw StoreError.unavailable(path: storePath, reason: "cannot set mode 2770 on \(folder): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates an empty database file with mode 0660 before SQLite sees it.
    ///
    /// SQLite would create it 0644 minus the umask (not group-writable), and it gives the `-wal`
    /// and `-shm` files the database file's mode, so the first mode decides for all three.
    private static func createDatabaseFile(_ path: String) throws {
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o660)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.unavailable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        if fchmod(fd, 0o660) != 0 {
            throw StoreError.unavailable(path: path, reason: "cannot set mode 0660: \(String(cString: strerror(errno)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db.resultCode)" }
        return "\(error)"
    }
}
