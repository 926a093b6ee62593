-- servers: 15 16 18
-- options: grants
-- privileges on foreign data (--grants): on a foreign table and a column, a server and a wrapper (USAGE), granted and
-- revoked, and kept by a server created again (its wrapper changes) and the foreign table on it
--- a
do $$ begin create role dd_reader; exception when duplicate_object or unique_violation then null; end $$;
create foreign data wrapper dd_old_wrapper;
create foreign data wrapper dd_new_wrapper;
create server dd_remote foreign data wrapper dd_new_wrapper;
create server dd_moved foreign data wrapper dd_old_wrapper;
create foreign table remote_orders (id int, secret text) server dd_remote;
create foreign table remote_old (id int) server dd_remote;
grant select on remote_old to dd_reader;
create foreign table remote_kept (id int, note text) server dd_moved;
grant select on remote_kept to dd_reader;
grant update (note) on remote_kept to dd_reader;
grant usage on foreign data wrapper dd_old_wrapper to dd_reader;
grant usage on foreign server dd_moved to dd_reader;
--- b
do $$ begin create role dd_reader; exception when duplicate_object or unique_violation then null; end $$;
create foreign data wrapper dd_old_wrapper;
create foreign data wrapper dd_new_wrapper;
create server dd_remote foreign data wrapper dd_new_wrapper;
create server dd_moved foreign data wrapper dd_new_wrapper;
create foreign table remote_orders (id int, secret text) server dd_remote;
grant select on remote_orders to dd_reader;
grant update (secret) on remote_orders to dd_reader;
create foreign table remote_old (id int) server dd_remote;
create foreign table remote_kept (id int, note text) server dd_moved;
grant select on remote_kept to dd_reader;
grant update (note) on remote_kept to dd_reader;
grant usage on foreign data wrapper dd_new_wrapper to dd_reader;
grant usage on foreign server dd_moved to dd_reader;
grant usage on foreign server dd_remote to dd_reader;
