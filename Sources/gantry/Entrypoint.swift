import GantryCLI

await GantryMain.main()
