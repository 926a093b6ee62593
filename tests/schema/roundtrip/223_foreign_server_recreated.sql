-- servers: 15 16 18
-- options: owners
-- a server whose wrapper (dd_moved) or type (dd_typed) changes cannot be altered: it is dropped and created again in one
-- step, with its user mappings and foreign tables (one unchanged with a view on it, one whose columns change, one
-- moving to another server) dropped before and created again after, keeping their owner; a mapping only SOURCE has
-- comes with it
--- a
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
create foreign data wrapper dd_old_wrapper;
create foreign data wrapper dd_new_wrapper;
create server dd_moved foreign data wrapper dd_old_wrapper options (host 'a.example');
create server dd_typed type 'v1' foreign data wrapper dd_new_wrapper;
create server dd_elsewhere foreign data wrapper dd_new_wrapper;
create user mapping for public server dd_moved options (user 'reader', password 'keep-pw');
create user mapping for current_user server dd_typed options (user 'me');
create foreign table remote_orders (id int, total numeric) server dd_moved options (table_name 'orders');
comment on foreign table remote_orders is 'orders over there';
alter foreign table remote_orders owner to dd_own_a;
alter server dd_moved owner to dd_own_a;
create view remote_totals as select id, total from remote_orders;
create foreign table remote_items (id int, label text) server dd_moved;
create foreign table remote_moving (id int) server dd_typed;
create foreign table remote_typed (id int) server dd_typed;
create table kept (id int);
insert into kept values (1);
--- b
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
create foreign data wrapper dd_old_wrapper;
create foreign data wrapper dd_new_wrapper;
create server dd_moved foreign data wrapper dd_new_wrapper options (host 'a.example');
create server dd_typed type 'v2' foreign data wrapper dd_new_wrapper;
create server dd_elsewhere foreign data wrapper dd_new_wrapper;
create user mapping for public server dd_moved options (user 'reader', password 'keep-pw');
create user mapping for public server dd_typed options (user 'anyone');
create user mapping for current_user server dd_typed options (user 'me');
create foreign table remote_orders (id int, total numeric) server dd_moved options (table_name 'orders');
comment on foreign table remote_orders is 'orders over there';
alter foreign table remote_orders owner to dd_own_a;
alter server dd_moved owner to dd_own_a;
create view remote_totals as select id, total from remote_orders;
create foreign table remote_items (id int, label text, added date) server dd_moved;
create foreign table remote_moving (id int) server dd_elsewhere;
create foreign table remote_typed (id int) server dd_typed;
create table kept (id int);
insert into kept values (1);
