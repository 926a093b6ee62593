-- servers: 15 16 18
-- foreign data only SOURCE has: a wrapper without handler (no extension needed), servers with a type, version and
-- options, user mappings with a password, a foreign table with column options, a default, NOT NULL and a check
--- a
create table local_orders (id int primary key);
insert into local_orders values (1);
--- b
create table local_orders (id int primary key);
insert into local_orders values (1);
create foreign data wrapper dd_wrapper options (debug 'true');
create server dd_remote type 'postgres' version '16' foreign data wrapper dd_wrapper
  options (host 'db.example', dbname 'app', api_key 'k-123456');
create server dd_archive foreign data wrapper dd_wrapper;
create user mapping for public server dd_remote options (user 'reader', password 'sekrit-pw');
create user mapping for current_user server dd_archive;
create foreign table remote_orders (
  id int options (column_name 'order_id') not null,
  total numeric default 0,
  note text collate "C",
  constraint remote_orders_total check (total >= 0)
) server dd_remote options (schema_name 'sales', table_name 'orders');
comment on foreign table remote_orders is 'orders in the remote system';
comment on server dd_remote is 'the warehouse';
create view remote_totals as select id, total from remote_orders;
