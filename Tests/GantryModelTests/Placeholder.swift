import Testing
@testable import GantryModel
