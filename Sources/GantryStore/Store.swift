public enum GantryStoreInfo {}
