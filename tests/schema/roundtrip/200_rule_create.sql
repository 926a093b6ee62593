-- servers: 15 16 18
-- rules only SOURCE has: DO INSTEAD NOTHING on a table, an INSERT rule on a view, one disabled, comments
--- a
create table orders (id int primary key, total numeric, archived bool default false);
insert into orders values (1, 10), (2, 20);
create view open_orders as select id, total from orders where not archived;
--- b
create table orders (id int primary key, total numeric, archived bool default false);
insert into orders values (1, 10), (2, 20);
create view open_orders as select id, total from orders where not archived;
create rule orders_no_delete as on delete to orders do instead nothing;
create rule orders_archive as on update to orders where new.archived do also delete from orders where false;
alter table orders disable rule orders_archive;
create rule open_orders_insert as on insert to open_orders do instead insert into orders (id, total) values (new.id, new.total);
comment on rule orders_no_delete on orders is 'rows are archived, never deleted';
comment on rule open_orders_insert on open_orders is 'the view is insertable';
