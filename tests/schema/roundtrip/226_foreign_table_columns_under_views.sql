-- servers: 15 16 18
-- a foreign table's column changes type and another is dropped while views use them: the views are dropped and
-- created again around the change (ALTER FOREIGN TABLE refuses to retype or drop a column a view uses)
--- a
create foreign data wrapper dd_wrapper;
create server dd_remote foreign data wrapper dd_wrapper;
create foreign table remote_orders (id int, total int, legacy text) server dd_remote;
create view remote_totals as select id, total from remote_orders;
create view remote_legacy as select id, legacy from remote_orders;
--- b
create foreign data wrapper dd_wrapper;
create server dd_remote foreign data wrapper dd_wrapper;
create foreign table remote_orders (id int, total numeric) server dd_remote;
create view remote_totals as select id, total from remote_orders;
create view remote_legacy as select id from remote_orders;
