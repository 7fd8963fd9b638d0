/// Character offset → 1-based line and column within a text.
struct TextPositions {
    private var lineStarts: [Int] = [0]

    init(_ text: String) {
        for (offset, character) in text.enumerated() where character == "\n" || character == "\r\n" {
            lineStarts.append(offset + 1)
        }
    }

    func position(ofCharacter offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }
}
