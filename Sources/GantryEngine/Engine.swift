import GantryModel
public enum GantryEngineInfo {}
