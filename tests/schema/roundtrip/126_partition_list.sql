-- list partitions with a default
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table orders (id int, region text) partition by list (region);
create table orders_eu partition of orders for values in ('eu', 'uk');
create table orders_other partition of orders default;
