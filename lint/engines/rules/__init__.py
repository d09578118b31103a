"""The YAML rule engine: rule files (rulefile), the kinds that run them (kinds), templates, and
the engine itself (engine)."""
