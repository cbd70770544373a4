"""The scheduling core: entities, rules, lifecycle, services and the store."""
