public enum GantryModelInfo { public static let supportedVersion = 1 }
