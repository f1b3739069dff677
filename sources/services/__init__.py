"""Source-side services, one module per area: ``articles`` (ingestion of articles), ``documents``
(store, fetch, index corroborating documents), ``feeds`` (poll RSS/Atom). Import from the module itself."""
