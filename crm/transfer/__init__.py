"""Import and export: tables (CSV, XLSX) in, versioned JSON dumps and CSV files out.

Pure parts, no database and no GraphQL: `reading` (files → text cells, encodings),
`mapping` (headers → fields), `values` (cells → typed values), `countries`.
Database parts: `entities` (what each importable entity is, validated by the same code as
the GraphQL mutations), `importer` (rows → records, natural keys, duplicates, batches) and
`dump` (the lossless JSON dump and the per-table CSV export).
"""
