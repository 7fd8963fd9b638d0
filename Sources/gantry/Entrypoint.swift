import GantryCLI

GantryMain.main()
