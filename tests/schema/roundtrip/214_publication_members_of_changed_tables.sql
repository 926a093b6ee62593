-- servers: 15 16 18
-- publications that stay while their tables change: a published table rebuilt for its partitioning is published
-- again once created again; a member whose row filter and column list sit on a column that changes type leaves the
-- publication while the column is retyped and comes back (PostgreSQL refuses to retype a column a row filter uses)
--- a
create table events (id int, at date);
create table orders (id int primary key, total int, note text);
create table plain (id int primary key, total int);
insert into orders values (1, 10, 'x');
insert into plain values (1, 10);
create publication pub_events for table events;
create publication pub_orders for table orders (id, total) where (total > 0), table plain;
--- b
create table events (id int, at date) partition by range (at);
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
create table orders (id int primary key, total bigint, note text);
create table plain (id int primary key, total bigint);
insert into orders values (1, 10, 'x');
insert into plain values (1, 10);
create publication pub_events for table events;
create publication pub_orders for table orders (id, total) where (total > 0), table plain;
