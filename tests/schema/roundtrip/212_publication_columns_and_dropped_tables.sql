-- servers: 15 16 18
-- a published column is dropped (it leaves the publication's column list first) and a published table is dropped
--- a
create table orders (id int primary key, total numeric, note text);
create table audit (id int primary key);
insert into orders values (1, 10, 'x');
create publication pub_orders for table orders (id, total, note), table audit;
--- b
create table orders (id int primary key, total numeric);
insert into orders values (1, 10);
create publication pub_orders for table orders (id, total);
