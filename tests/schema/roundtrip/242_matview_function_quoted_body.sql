-- servers: 15 16 18
-- a materialized view calls a SQL function whose body is a quoted string (PostgreSQL records no dependency on the
-- tables it reads): the tables are created before the view is populated
--- a
create table kept (id int);
--- b
create table kept (id int);
create table zz_orders (id int primary key, total numeric);
create function zz_totals() returns table (n bigint) language sql stable as 'select count(*) from public.zz_orders';
create materialized view aa_order_totals as select n from zz_totals();
