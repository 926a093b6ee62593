-- servers: 15 16 18
-- foreign data that differs: wrapper options, server version and options (a password changes), a user mapping's
-- options, a foreign table's columns (added, dropped, type, options, NOT NULL, comment), check (and its comment),
-- options and server
--- a
create foreign data wrapper dd_wrapper;
create server dd_remote version '15' foreign data wrapper dd_wrapper options (host 'old.example', password 'old-pw');
create server dd_other foreign data wrapper dd_wrapper;
create user mapping for public server dd_remote options (user 'reader', password 'old-pw');
create foreign table remote_orders (
  id int options (column_name 'order_id'),
  total int,
  legacy text,
  constraint remote_orders_total check (total >= 0)
) server dd_remote options (table_name 'orders');
create foreign table moved (id int) server dd_remote;
--- b
create foreign data wrapper dd_wrapper options (debug 'true');
create server dd_remote version '16' foreign data wrapper dd_wrapper options (host 'new.example', password 'new-pw');
create server dd_other foreign data wrapper dd_wrapper;
create user mapping for public server dd_remote options (user 'writer', password 'new-pw');
create foreign table remote_orders (
  id int options (column_name 'id') not null,
  total numeric,
  added_at timestamptz options (column_name 'created'),
  constraint remote_orders_total check (total > 0)
) server dd_remote options (table_name 'orders_v2', schema_name 'sales');
create foreign table moved (id int) server dd_other;
comment on column remote_orders.total is 'in cents';
comment on constraint remote_orders_total on remote_orders is 'never negative';
