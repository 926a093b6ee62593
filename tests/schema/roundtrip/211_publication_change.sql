-- servers: 15 16 18
-- publications that differ: a table added, one dropped from it, a row filter and column list changed, a schema
-- added, publish options, owner and comment changed, one turning FOR ALL TABLES, one dropped
--- a
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
create schema sales;
create table orders (id int primary key, total numeric, region text);
create table customers (id int primary key, name text);
create table sales.invoices (id int primary key);
create table legacy (id int primary key);
insert into orders values (1, 10, 'eu');
create publication pub_main for table orders (id, total) where (region = 'eu'), table legacy;
create publication pub_x for table customers;
create publication pub_gone for table customers;
comment on publication pub_main is 'old';
--- b
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
create schema sales;
create table orders (id int primary key, total numeric, region text);
create table customers (id int primary key, name text);
create table sales.invoices (id int primary key);
create table legacy (id int primary key);
insert into orders values (1, 10, 'eu');
create publication pub_main for table orders where (region <> 'us'), table customers,
  tables in schema sales with (publish = 'insert, update, delete');
create publication pub_x for all tables;
comment on publication pub_main is 'new';
alter publication pub_main owner to dd_own_a;
