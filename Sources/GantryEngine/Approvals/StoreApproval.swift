import GantryStore

/// The store's approval record. Named here, in a file that does not import GantryGates, because
/// both modules have an `Approval` and the `StateStore` class hides its module's name.
typealias StoreApproval = Approval
