import Testing
@testable import GantryStore
