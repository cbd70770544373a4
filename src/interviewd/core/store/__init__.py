"""The store: engine, unit of work, repositories and migrations. Every query lives here."""
