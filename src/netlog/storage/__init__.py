"""Storage: engines, connections, transactions, schema versions and the queries."""
