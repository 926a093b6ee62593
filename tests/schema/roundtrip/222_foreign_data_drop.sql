-- servers: 15 16 18
-- foreign data only TARGET has: a foreign table and the view on it, user mappings, servers, the wrapper; dropped
-- in an order PostgreSQL accepts
--- a
create foreign data wrapper dd_wrapper;
create server dd_remote foreign data wrapper dd_wrapper options (password 'gone-pw');
create user mapping for public server dd_remote options (password 'gone-pw');
create foreign table remote_orders (id int) server dd_remote;
create view remote_ids as select id from remote_orders;
create table kept (id int);
insert into kept values (1);
--- b
create table kept (id int);
insert into kept values (1);
