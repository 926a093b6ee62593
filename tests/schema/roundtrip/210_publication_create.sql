-- servers: 15 16 18
-- publications only SOURCE has: all tables, a table list with a column list and a row filter, tables in a schema,
-- publish options, a comment
--- a
create schema sales;
create table orders (id int primary key, total numeric, region text);
create table sales.invoices (id int primary key);
insert into orders values (1, 10, 'eu');
--- b
create schema sales;
create table orders (id int primary key, total numeric, region text);
create table sales.invoices (id int primary key);
insert into orders values (1, 10, 'eu');
create publication pub_all for all tables with (publish = 'insert, update');
create publication pub_eu for table orders (id, total) where (region = 'eu');
create publication pub_sales for tables in schema sales, table orders where (total > 0);
create publication pub_empty with (publish_via_partition_root = true);
comment on publication pub_eu is 'EU orders for the warehouse';
