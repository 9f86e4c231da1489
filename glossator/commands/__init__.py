"""The commands beside build and check: serve, init, new, reanchor, import,
import-annotations, the JSON Schemas and the catalogs."""
