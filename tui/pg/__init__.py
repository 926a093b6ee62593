"""Everything that talks to a PostgreSQL server: connections, catalogs, embedded servers, dumps."""
