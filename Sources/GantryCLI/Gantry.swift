import ArgumentParser

public enum GantryMain {
    public static func main() {
        print("gantry")
    }
}
