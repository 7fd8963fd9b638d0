import GantryCLI
#if canImport(Glibc)
import Glibc
#endif

// Most pushes map to nothing, and the pusher waits: that answer comes first, on the main thread.
if let status = GantryMain.shortcut(Array(CommandLine.arguments.dropFirst())) { exit(status.rawValue) }
await GantryMain.main()
