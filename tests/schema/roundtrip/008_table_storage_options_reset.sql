-- fillfactor removed
--- a
create table users (id bigint primary key, email text) with (fillfactor = 70, autovacuum_enabled = false);
--- b
create table users (id bigint primary key, email text) with (fillfactor = 80);
